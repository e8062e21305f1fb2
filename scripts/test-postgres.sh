#!/usr/bin/env bash
# Sourced by scripts/test.sh: a private, throw-away PostgreSQL server for the studies' PostgreSQL test (migrations
# and concurrent ratings on the provider Kubernetes deploys). Installs Debian's postgresql if missing, starts a
# cluster in a temporary folder on 127.0.0.1:55432 with trust authentication, exports CROSSMODAL_TEST_POSTGRES, and
# stops and deletes it when the test script exits. Without it that test reports itself skipped.

start_test_postgres() {
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    echo "test: installing postgresql (for the studies' PostgreSQL test)" >&2
    local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends postgresql >/dev/null \
      || { echo "test: postgresql could not be installed; its test will be skipped" >&2; return 0; }
  fi
  local bin; bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  TEST_PG_DIR=$(mktemp -d /tmp/cm-test-pg-XXXXXX)
  # initdb refuses to run as root: run the server as the postgres account the package creates.
  local as=()
  if [ "$(id -u)" -eq 0 ]; then chown postgres "$TEST_PG_DIR"; as=(runuser -u postgres --); fi
  if "${as[@]}" "$bin/initdb" -D "$TEST_PG_DIR/data" -A trust -U postgres >"$TEST_PG_DIR/initdb.log" 2>&1 \
    && "${as[@]}" "$bin/pg_ctl" -D "$TEST_PG_DIR/data" -l "$TEST_PG_DIR/server.log" -w \
         -o "-p 55432 -k $TEST_PG_DIR -c listen_addresses=127.0.0.1" start >/dev/null; then
    export CROSSMODAL_TEST_POSTGRES="Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres"
    TEST_PG_CTL=("${as[@]}" "$bin/pg_ctl" -D "$TEST_PG_DIR/data" -m immediate stop)
    trap stop_test_postgres EXIT
  else
    echo "test: the private PostgreSQL did not start (see $TEST_PG_DIR); its test will be skipped" >&2
  fi
}

stop_test_postgres() {
  "${TEST_PG_CTL[@]}" >/dev/null 2>&1 || true
  rm -rf "$TEST_PG_DIR"
}
