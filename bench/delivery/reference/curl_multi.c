/* Reference for bench/delivery/run.sh: libcurl's multi interface alone, in C, on N keep-alive
 * connections in a closed loop (like wrk), posting the same body as bench-delivery sms.
 * It shows how much of the gap to wrk is libcurl's own per-transfer cost.
 * Usage: curl_multi REQUESTS CONNECTIONS URL */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
static size_t sink(char *p, size_t s, size_t n, void *u) { (void)p; (void)u; return s * n; }
static const char *body = "To=%2B15550001234&Body=Reminder%3A%20your%20appointment%20is%20tomorrow%20at%2010%3A00.&From=%2B15550009999&ValidityPeriod=3600";
static const char *url;
static CURL *make(struct curl_slist *h) {
  CURL *e = curl_easy_init();
  curl_easy_setopt(e, CURLOPT_URL, url);
  curl_easy_setopt(e, CURLOPT_POSTFIELDS, body);
  curl_easy_setopt(e, CURLOPT_HTTPHEADER, h);
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, sink);
  curl_easy_setopt(e, CURLOPT_USERPWD, "AC0123456789:bench-token");
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  return e;
}
int main(int argc, char **argv) {
  int total = argc > 1 ? atoi(argv[1]) : 40000, conc = argc > 2 ? atoi(argv[2]) : 8, started = 0, done = 0;
  url = argc > 3 ? argv[3] : "http://127.0.0.1:8080/2010-04-01/Accounts/AC0123456789/Messages.json";
  curl_global_init(CURL_GLOBAL_DEFAULT);
  CURLM *m = curl_multi_init();
  curl_multi_setopt(m, CURLMOPT_MAX_HOST_CONNECTIONS, (long)conc);
  struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/x-www-form-urlencoded");
  h = curl_slist_append(h, "Expect:");
  struct timespec a, b; clock_gettime(CLOCK_MONOTONIC, &a);
  for (; started < conc; started++) curl_multi_add_handle(m, make(h));
  while (done < total) {
    int running, left; curl_multi_perform(m, &running);
    CURLMsg *msg;
    while ((msg = curl_multi_info_read(m, &left))) {
      if (msg->msg != CURLMSG_DONE) continue;
      CURL *e = msg->easy_handle; curl_multi_remove_handle(m, e); done++;
      if (started < total) { curl_multi_add_handle(m, e); started++; } else curl_easy_cleanup(e);
    }
    if (done < total) curl_multi_poll(m, NULL, 0, 1000, NULL);
  }
  clock_gettime(CLOCK_MONOTONIC, &b);
  double s = (b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
  printf("libcurl multi in C, %d connections: %d requests in %.2fs = %.0f/s\n", conc, total, s, total / s);
  return 0;
}
