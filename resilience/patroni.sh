# Shared by the failover drill: etcd and two PostgreSQL 15 members under Patroni,
# run as 'postgres' in folders it owns under $drill_root (never under the clone).
# Every PID started is recorded; cleanup stops them by PID.

# "${as_pg[@]}" CMD…: execs CMD as postgres (setpriv, no fork: $! is CMD itself, so a
# SIGKILL reaches it; runuser would stay in between).
as_pg=(setpriv --reuid=postgres --regid=postgres --init-groups env HOME=/var/lib/postgresql)

etcd_pid=
declare -A patroni_pid=()   # member (1, 2) → Patroni's pid
declare -A member_pg_port=() member_api_port=()

# start_etcd: one etcd 3.4 on loopback, its own ports and data folder. Patroni 3.0.2
# talks to it through `etcd3:` (the v3 gRPC gateway); --enable-v2 is not needed then.
start_etcd() {
  etcd_port=$(free_port); local peer; peer=$(free_port)
  mkdir -p "$drill_root/etcd"; chown postgres "$drill_root/etcd"; chmod 700 "$drill_root/etcd"
  "${as_pg[@]}" etcd --name drill --data-dir "$drill_root/etcd/data" \
    --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
    --listen-peer-urls "http://127.0.0.1:$peer" --initial-advertise-peer-urls "http://127.0.0.1:$peer" \
    --initial-cluster "drill=http://127.0.0.1:$peer" > "$drill_root/etcd.log" 2>&1 &
  etcd_pid=$!
  for _ in $(seq 100); do
    ETCDCTL_API=3 etcdctl --endpoints "127.0.0.1:$etcd_port" endpoint health >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  log "etcd did not start"; tail -n 20 "$drill_root/etcd.log" >&2; return 1
}

# write_patroni_config I: member I's patroni.yml. Synchronous mode (not strict: a
# lone leader keeps accepting writes), ttl 20, loop_wait 2, retry_timeout 5
# (loop_wait + 2 × retry_timeout ≤ ttl), master_start_timeout 0 (Debian 3.0.2's
# name for primary_start_timeout: a crashed leader is failed over at once, not
# restarted in place), pg_rewind so an old leader rejoins, fsync on.
write_patroni_config() {
  local i=$1 dir=$drill_root/pg$1
  mkdir -p "$dir"; chown postgres "$dir"; chmod 700 "$dir"
  member_pg_port[$i]=${member_pg_port[$i]:-$(free_port)}
  member_api_port[$i]=${member_api_port[$i]:-$(free_port)}
  cat > "$dir/patroni.yml" <<YML
scope: booknow-drill
name: pg$i
log:
  level: INFO
restapi:
  listen: 127.0.0.1:${member_api_port[$i]}
  connect_address: 127.0.0.1:${member_api_port[$i]}
etcd3:
  hosts: 127.0.0.1:$etcd_port
bootstrap:
  dcs:
    ttl: 20
    loop_wait: 2
    retry_timeout: 5
    maximum_lag_on_failover: 1048576
    master_start_timeout: 0
    synchronous_mode: true
    postgresql:
      use_pg_rewind: true
      use_slots: true
      parameters:
        wal_level: replica
        hot_standby: "on"
        wal_log_hints: "on"
        max_wal_senders: 5
        max_replication_slots: 5
        max_connections: 100
        fsync: "on"
        synchronous_commit: "on"
        full_page_writes: "on"
        shared_buffers: 128MB
  initdb:
    - encoding: UTF8
    - locale: C.UTF-8
  pg_hba:
    - local all all trust
    - host replication replicator 127.0.0.1/32 trust
    - host all all 127.0.0.1/32 trust
postgresql:
  listen: 127.0.0.1:${member_pg_port[$i]}
  connect_address: 127.0.0.1:${member_pg_port[$i]}
  data_dir: $dir/data
  bin_dir: $(pg_bindir)
  pgpass: $dir/pgpass
  authentication:
    superuser:
      username: postgres
      password: drill-superuser
    replication:
      username: replicator
      password: drill-replicator
    rewind:
      username: postgres
      password: drill-superuser
  parameters:
    unix_socket_directories: $dir
tags:
  nofailover: false
  noloadbalance: false
  clonefrom: false
  nosync: false
YML
  chown postgres "$dir/patroni.yml"
}

# start_member I: Patroni for member I (it starts, or bootstraps, or clones its PostgreSQL).
start_member() {
  local i=$1
  "${as_pg[@]}" patroni "$drill_root/pg$i/patroni.yml" >> "$drill_root/patroni-$i.log" 2>&1 &
  patroni_pid[$i]=$!
}

# member_role I: "master"/"primary", "replica" or "-" (from Patroni's REST API).
member_role() {
  curl -fs -m 2 "http://127.0.0.1:${member_api_port[$1]}/patroni" 2>/dev/null \
    | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); print(d.get("role","-"), d.get("state","-"))' 2>/dev/null || echo "- -"
}

# wait_leader I SECONDS: until member I answers writes (Patroni's /primary gives 200).
wait_leader() {
  local deadline=$(( $(now) + $2 ))
  while [ "$(now)" -lt "$deadline" ]; do
    curl -fs -m 2 -o /dev/null "http://127.0.0.1:${member_api_port[$1]}/primary" 2>/dev/null && return 0
    sleep 0.5
  done
  return 1
}

# wait_sync I SECONDS: until member I is the leader's synchronous standby, streaming.
wait_sync() {
  local deadline=$(( $(now) + $2 ))
  while [ "$(now)" -lt "$deadline" ]; do
    curl -fs -m 2 -o /dev/null "http://127.0.0.1:${member_api_port[$1]}/sync" 2>/dev/null && return 0
    sleep 0.5
  done
  return 1
}

# member_postmaster I: the pid of member I's postmaster, from postmaster.pid.
member_postmaster() { head -n1 "$drill_root/pg$1/data/postmaster.pid" 2>/dev/null; }

# crash_member I: SIGKILL member I's Patroni, its postmaster and every backend at
# once (a machine dying): Patroni alone would restart PostgreSQL in place.
crash_member() {
  local i=$1 pm pids
  pm=$(member_postmaster "$i")
  pids="${patroni_pid[$i]} $pm $(ps -o pid= --ppid "$pm" 2>/dev/null | tr '\n' ' ')"
  kill -KILL $pids 2>/dev/null || true
  wait "${patroni_pid[$i]}" 2>/dev/null || true
  unset "patroni_pid[$i]"
}

stop_member() {
  local i=$1 pid=${patroni_pid[$1]:-}
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null || true   # Patroni stops its PostgreSQL on SIGTERM
  for _ in $(seq 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  unset "patroni_pid[$i]"
  # A postmaster left behind (Patroni killed) is stopped by its own pg_ctl.
  [ -f "$drill_root/pg$i/data/postmaster.pid" ] && runuser -u postgres -- "$(pg_bindir)/pg_ctl" -D "$drill_root/pg$i/data" -m immediate -w stop >/dev/null 2>&1 || true
}

stop_patroni_cluster() {
  for i in "${!patroni_pid[@]}"; do stop_member "$i"; done
  for i in 1 2; do
    [ -f "$drill_root/pg$i/data/postmaster.pid" ] && runuser -u postgres -- "$(pg_bindir)/pg_ctl" -D "$drill_root/pg$i/data" -m immediate -w stop >/dev/null 2>&1
  done
  if [ -n "$etcd_pid" ]; then kill "$etcd_pid" 2>/dev/null; wait "$etcd_pid" 2>/dev/null; etcd_pid=; fi
  return 0
}
