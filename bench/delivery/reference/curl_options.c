/* For bench/delivery/instructions.sh: curl_multi.c's loop with the options our SMS transport sets,
 * each switchable, to count what libcurl itself spends on them per transfer (instructions, under
 * callgrind). Usage:
 *   curl_options REQUESTS CONNECTIONS URL HEADER_CALLBACK EXTRA_HEADERS TIMEOUTS PER_REQUEST
 * HEADER_CALLBACK 1: response headers go to a callback (ours collects them); EXTRA_HEADERS 0-2:
 * Idempotency-Key, then Accept, besides Content-Type; TIMEOUTS 1: connect and overall timeouts;
 * PER_REQUEST 0: nothing set again between transfers (like curl_multi.c), 1: the body (copied) and
 * header list set for every transfer (what ours does), 2: and URL, credentials and timeouts too. */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
static size_t sink(char *p, size_t s, size_t n, void *u) { (void)p; (void)u; return s * n; }
static const char *body = "To=%2B15550001234&Body=Reminder%3A%20your%20appointment%20is%20tomorrow%20at%2010%3A00.&From=%2B15550009999&ValidityPeriod=3600";
static const char *url;
static int header_callback, extra_headers, timeouts, per_request;
static struct curl_slist *headers;

static void set_request(CURL *e) {
  curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(body));
  curl_easy_setopt(e, CURLOPT_COPYPOSTFIELDS, body);
  curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers);
}

static void set_repeating(CURL *e) {
  curl_easy_setopt(e, CURLOPT_URL, url);
  curl_easy_setopt(e, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
  curl_easy_setopt(e, CURLOPT_USERNAME, "AC0123456789");
  curl_easy_setopt(e, CURLOPT_PASSWORD, "bench-token");
  if (timeouts) {
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, 15000L);
  }
}

static CURL *make(void) {
  CURL *e = curl_easy_init();
  set_request(e);
  set_repeating(e);
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, sink);
  if (header_callback) curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, sink);
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  return e;
}

int main(int argc, char **argv) {
  if (argc != 8) {
    fprintf(stderr, "usage: curl_options REQUESTS CONNECTIONS URL HEADER_CALLBACK EXTRA_HEADERS TIMEOUTS PER_REQUEST\n");
    return 64;
  }
  int total = atoi(argv[1]), conc = atoi(argv[2]), started = 0, done = 0;
  url = argv[3];
  header_callback = atoi(argv[4]), extra_headers = atoi(argv[5]), timeouts = atoi(argv[6]), per_request = atoi(argv[7]);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  CURLM *m = curl_multi_init();
  curl_multi_setopt(m, CURLMOPT_MAX_HOST_CONNECTIONS, (long)conc);
  headers = curl_slist_append(NULL, "Content-Type: application/x-www-form-urlencoded");
  if (extra_headers > 0) headers = curl_slist_append(headers, "Idempotency-Key: bench-12345");
  if (extra_headers > 1) headers = curl_slist_append(headers, "Accept: application/json");
  headers = curl_slist_append(headers, "Expect:");
  for (; started < conc; started++) curl_multi_add_handle(m, make());
  while (done < total) {
    int running, left;
    curl_multi_perform(m, &running);
    CURLMsg *msg;
    while ((msg = curl_multi_info_read(m, &left))) {
      if (msg->msg != CURLMSG_DONE) continue;
      CURL *e = msg->easy_handle;
      curl_multi_remove_handle(m, e);
      done++;
      if (started < total) {
        if (per_request >= 1) set_request(e);
        if (per_request >= 2) set_repeating(e);
        curl_multi_add_handle(m, e);
        started++;
      } else {
        curl_easy_cleanup(e);
      }
    }
    if (done < total) curl_multi_poll(m, NULL, 0, 1000, NULL);
  }
  return 0;
}
