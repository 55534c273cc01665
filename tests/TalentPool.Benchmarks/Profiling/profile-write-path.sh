#!/bin/bash
# usage: profile-write-path.sh <tag> [extra benchmark args]: perf profiles of (c) and the service, registrations and hires at 32 clients,
# 20 s each, 10 s into each 30 s figure; then: layers.sh, tree.py, owners.py on <tag>-<reg|hire>-<c|s>.stacks (README, write path).
mkdir -p ${PROFILE_DIR:-/tmp/write-path-profile}
tag=$1; shift
cd "$(git -C "$(dirname "$0")" rev-parse --show-toplevel)"
export DOTNET_PerfMapEnabled=1 DOTNET_ReadyToRun=0 DOTNET_TieredCompilation=0 DOTNET_EnableWriteXorExecute=0
out=${PROFILE_DIR:-/tmp/write-path-profile}/$tag.out
tests/TalentPool.Benchmarks/bin/Release/net10.0/TalentPool.Benchmarks --operations registrations,hires --clients 32 --targets c,service --seconds 30 "$@" > $out 2>&1 &
pid=$!
echo "pid $pid"
waitfor() { until [ "$(grep -c "$1" $out)" -ge "$2" ]; do sleep 1; if ! kill -0 $pid 2>/dev/null; then echo died; tail $out; exit 1; fi; done; }
rec() { sleep 10; uptime > ${PROFILE_DIR:-/tmp/write-path-profile}/$tag-$1.load; perf record -F 999 -g -p $pid -o ${PROFILE_DIR:-/tmp/write-path-profile}/$tag-$1.perf.data -- sleep 20 > /dev/null 2>&1; uptime >> ${PROFILE_DIR:-/tmp/write-path-profile}/$tag-$1.load; }
waitfor "^registrations, 32 clients" 1; rec reg-c
waitfor "(c) bare endpoint" 1; rec reg-s
waitfor "^hires, 32 clients" 1; rec hire-c
waitfor "(c) bare endpoint" 2; rec hire-s
wait $pid
for p in reg-c reg-s hire-c hire-s; do perf script -i ${PROFILE_DIR:-/tmp/write-path-profile}/$tag-$p.perf.data -F comm,tid,ip,sym,dso 2>/dev/null > ${PROFILE_DIR:-/tmp/write-path-profile}/$tag-$p.stacks; done
echo finished
