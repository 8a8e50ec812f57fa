# Sourced by bench/delivery/run.sh and ab.sh: start_sms_sink DIR starts nginx-light
# on 127.0.0.1:8080 answering every request 201 with a JSON sid (keep-alive),
# the SMS provider the SMS transport and its ceilings are measured against; its
# pid is appended to the caller's `pids` array.
start_sms_sink() {
  local dir=$1
  mkdir -p "$dir/logs"
  cat > "$dir/nginx.conf" <<CONF
worker_processes 2;
daemon off;
pid $dir/nginx.pid;
error_log $dir/logs/error.log;
events { worker_connections 1024; }
http {
    access_log off;
    keepalive_requests 10000000;
    keepalive_timeout 60s;
    server {
        listen 127.0.0.1:8080;
        location / {
            default_type application/json;
            return 201 '{"sid":"SM00000000000000000000000000000001","status":"queued"}';
        }
    }
}
CONF
  nginx -p "$dir" -c "$dir/nginx.conf" &
  pids+=($!)
  sleep 1
}
