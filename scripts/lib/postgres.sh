# Shell functions to run a private PostgreSQL 15 cluster on a loopback port.
# Sourced by scripts/run and scripts/test. PostgreSQL refuses to run as root, so
# as root the cluster runs as the unprivileged 'postgres' user, and its data
# folder must be one that user can reach.

pg_bindir() {
  local dir=/usr/lib/postgresql/15/bin
  [ -x "$dir/postgres" ] || { echo "postgres: PostgreSQL 15 server not found in $dir (run scripts/setup)" >&2; return 69; }
  echo "$dir"
}

# The user the server runs as: 'postgres' when we are root, else ourselves.
pg_owner() {
  if [ "$(id -u)" -eq 0 ]; then echo postgres; else id -un; fi
}

# Runs a command as the cluster's owner.
as_pg_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  # Debian's interpreter on purpose: present on every Debian machine, whatever pyenv says.
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# pg_init DIR SUPERUSER [PASSWORD_FILE]: initdb into DIR/data unless it exists.
pg_init() {
  local dir=$1 user=$2 pwfile=${3:-} bindir
  bindir=$(pg_bindir)
  [ -f "$dir/data/PG_VERSION" ] && return 0
  mkdir -p "$dir"
  chown "$(pg_owner)" "$dir" 2>/dev/null || true
  chmod 700 "$dir"
  local auth=(-A trust)
  if [ -n "$pwfile" ]; then
    install -m 600 -o "$(pg_owner)" "$pwfile" "$dir/.pwfile"
    auth=(--auth-local=trust --auth-host=scram-sha-256 --pwfile="$dir/.pwfile")
  fi
  as_pg_owner "$bindir/initdb" -D "$dir/data" -U "$user" -E UTF8 --locale=C.UTF-8 "${auth[@]}" >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; return 1; }
  rm -f "$dir/.pwfile"
}

# pg_start DIR PORT [extra -c settings…]: starts the cluster, waits until it accepts connections.
pg_start() {
  local dir=$1 port=$2; shift 2
  local bindir opts="-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir"
  bindir=$(pg_bindir)
  for setting in "$@"; do opts+=" -c $setting"; done
  as_pg_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -o "$opts" -w -t 60 start >/dev/null \
    || { tail -n 20 "$dir/server.log" >&2; return 1; }
}

pg_stop() {
  local dir=$1 bindir
  bindir=$(pg_bindir)
  [ -f "$dir/data/postmaster.pid" ] || return 0
  as_pg_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null 2>&1 || true
}
