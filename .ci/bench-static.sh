#!/usr/bin/env bash
# bench-static.sh BIN [BEFORE_BIN]: requests per second, 32 connections, for
# Folio's static files and an article page, side by side in one run with
# nginx serving the `folio build` output of the same binary.
#
#   css       /web/folio.css, no Accept-Encoding: the same raw bytes both sides
#   css gzip  /web/folio.css, Accept-Encoding: gzip (nginx: gzip_static on,
#             with a folio.css.gz made by gzip -9)
#   wasm br   /web/app.wasm, Accept-Encoding: gzip, deflate, br (nginx: the
#             build's app.wasm.br sent with Content-Encoding: br through a map,
#             as Debian's nginx has no brotli module)
#   page      the long sample article, no Accept-Encoding (nginx: the
#             prerendered index.html of the build; Folio renders it per request)
#
# Needs nginx and wrk (apt-get install nginx wrk); not part of make test.
# BENCH_SECONDS sets each run's length (default 5). With BEFORE_BIN, a second
# Folio column shows an older build the same way.
set -euo pipefail
bin=$(realpath "$1")
before=${2:+$(realpath "$2")}
secs=${BENCH_SECONDS:-5}
for tool in nginx wrk curl; do
	command -v "$tool" >/dev/null || { echo "bench-static: $tool is missing (apt-get install nginx wrk curl)" >&2; exit 1; }
done
tmp=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	[ -f "$tmp/nginx.pid" ] && kill "$(cat "$tmp/nginx.pid")" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT
chmod 755 "$tmp"
port() { echo $((20000 + RANDOM % 20000)); }

"$bin" build -out "$tmp/site" >/dev/null
web=${BENCH_WEB:-web} # the built web folder, for app.wasm.br
cp "$web/app.wasm.br" "$tmp/site/web/app.wasm.br"
gzip -9 -k "$tmp/site/web/folio.css"
chmod -R a+rX "$tmp/site"
slug=$(ls "$tmp/site/a" | head -1)
for s in "$tmp/site/a"/*; do # the longest article
	[ "$(stat -c %s "$s/index.html")" -gt "$(stat -c %s "$tmp/site/a/$slug/index.html")" ] && slug=$(basename "$s")
done

nport=$(port)
mkdir -p "$tmp/ngx"
cat >"$tmp/nginx.conf" <<CONF
worker_processes 2;
pid $tmp/nginx.pid;
error_log $tmp/ngx/error.log;
events { worker_connections 1024; }
http {
	include /etc/nginx/mime.types;
	access_log off;
	sendfile on;
	tcp_nopush on;
	client_body_temp_path $tmp/ngx/body;
	proxy_temp_path $tmp/ngx/proxy;
	fastcgi_temp_path $tmp/ngx/fastcgi;
	uwsgi_temp_path $tmp/ngx/uwsgi;
	scgi_temp_path $tmp/ngx/scgi;
	map \$http_accept_encoding \$wasm_suffix { ~*\bbr\b .br; default ""; }
	map \$http_accept_encoding \$wasm_encoding { ~*\bbr\b br; default ""; }
	server {
		listen 127.0.0.1:$nport;
		root $tmp/site;
		gzip_static on;
		location = /web/app.wasm {
			default_type application/wasm;
			add_header Vary Accept-Encoding;
			add_header Content-Encoding \$wasm_encoding;
			try_files /web/app.wasm\$wasm_suffix =404;
		}
		location / { try_files \$uri \$uri/index.html =404; }
	}
}
CONF
nginx -c "$tmp/nginx.conf" -e "$tmp/ngx/error.log"

# serve NAME BIN: starts a Folio server and prints its base URL.
serve() {
	local p
	p=$(port)
	"$2" serve -addr "127.0.0.1:$p" -db "$tmp/$1.db" >"$tmp/$1.log" 2>&1 &
	pids+=($!)
	for _ in $(seq 100); do
		curl -sf "http://127.0.0.1:$p/healthz" >/dev/null && break
		sleep 0.1
	done
	echo "http://127.0.0.1:$p"
}
after_url=$(serve after "$bin")
before_url=""
[ -n "$before" ] && before_url=$(serve before "$before")
nginx_url="http://127.0.0.1:$nport"

# check URL ENCODING HEADER...: fails unless the answer is 200 in ENCODING.
check() {
	local url=$1 want=$2
	shift 2
	local got
	got=$(curl -s -o /dev/null -D - "$@" "$url" | tr -d '\r' | awk 'tolower($1)=="content-encoding:"{print $2}')
	[ "$got" = "$want" ] || { echo "bench-static: $url gives Content-Encoding '$got', want '$want'" >&2; exit 1; }
}

# rps URL HEADER...: requests per second with 32 connections.
rps() {
	local url=$1
	shift
	wrk -t2 -c32 -d"${secs}s" "$@" "$url" | awk '/^Requests\/sec:/{printf "%.0f", $2}'
}

rows=(
	"css|/web/folio.css||"
	"css gzip|/web/folio.css|gzip|gzip"
	"wasm br|/web/app.wasm|gzip, deflate, br|br"
	"page|/a/$slug||"
)
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -n "$before" ]; then
	printf '| %-9s | %12s | %12s | %12s | %8s | %8s |\n' row "nginx req/s" "before req/s" "after req/s" "before ÷" "after ÷"
	printf '|%s|\n' "-----------|--------------|--------------|--------------|----------|---------"
else
	printf '| %-9s | %12s | %12s | %8s |\n' row "nginx req/s" "Folio req/s" "Folio ÷"
	printf '|%s|\n' "-----------|--------------|--------------|---------"
fi
for row in "${rows[@]}"; do
	IFS='|' read -r name path accept want <<<"$row"
	hdr=()
	[ -n "$accept" ] && hdr=(-H "Accept-Encoding: $accept")
	for base in "$nginx_url" "$after_url" $before_url; do
		check "$base$path" "$want" "${hdr[@]}"
	done
	n=$(rps "$nginx_url$path" "${hdr[@]}")
	a=$(rps "$after_url$path" "${hdr[@]}")
	if [ -n "$before" ]; then
		b=$(rps "$before_url$path" "${hdr[@]}")
		printf '| %-9s | %12s | %12s | %12s | %7.3fx | %7.3fx |\n' "$name" "$n" "$b" "$a" "$(echo "$b / $n" | bc -l)" "$(echo "$a / $n" | bc -l)"
	else
		printf '| %-9s | %12s | %12s | %7.3fx |\n' "$name" "$n" "$a" "$(echo "$a / $n" | bc -l)"
	fi
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "(wrk -t2 -c32 -d${secs}s on loopback; wrk, nginx and Folio share this machine's $(nproc) cores)"
