#!/usr/bin/env bash
# Runs a tiny reproduction study through a real Slurm: starts munge and a single-node slurmctld/slurmd (Debian's
# slurm-wlm) in a scratch folder, writes the study's array scripts with `biovision reproduce --slurm`, submits them with
# the generated submit.sh, waits for the collect job and checks that every task is cached and the report exists.
# Needs root (munged, slurmd) and the packages slurm-wlm and munge (apt-get install slurm-wlm munge); not part of CI.
# Usage: tests/scripts/slurm-single-node.sh [path to the biovision CLI]
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
cli="${1:-$repo/src/BioVision.Cli/bin/Release/net10.0/biovision}"
[ -x "$cli" ] || { echo "Build the CLI first (dotnet build src/BioVision.Cli -c Release) or pass its path." >&2; exit 2; }
command -v slurmctld >/dev/null || { echo "slurm-wlm is not installed (apt-get install slurm-wlm munge)." >&2; exit 2; }
work="$(mktemp -d /tmp/biovision-slurm.XXXXXX)"
host="$(hostname -s)"
cpus="$(nproc)"
mkdir -p "$work/state" "$work/spool" "$work/log"
cat > "$work/slurm.conf" <<CONF
ClusterName=biovision-test
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
MpiDefault=none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
SchedulerType=sched/backfill
ReturnToService=2
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
NodeName=$host CPUs=$cpus RealMemory=4000 State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$work/slurm.conf"
cleanup() {
  scancel --quiet --user=root 2>/dev/null || true
  [ -f "$work/slurmd.pid" ] && kill "$(cat "$work/slurmd.pid")" 2>/dev/null || true
  [ -f "$work/slurmctld.pid" ] && kill "$(cat "$work/slurmctld.pid")" 2>/dev/null || true
  [ -n "${munge_pid:-}" ] && kill "$munge_pid" 2>/dev/null || true
}
trap cleanup EXIT
start=$SECONDS
mkdir -p "$work/munge"
munged --force --foreground --socket="$work/munge/munge.socket" --pid-file="$work/munge/munged.pid" \
  --log-file="$work/log/munged.log" --seed-file="$work/munge/seed" &
munge_pid=$!
# Slurm's munge plugin reads the socket from AuthInfo.
sed -i "s|^AuthType=auth/munge|AuthType=auth/munge\nAuthInfo=socket=$work/munge/munge.socket|" "$work/slurm.conf"
sleep 1
slurmctld -f "$work/slurm.conf"
slurmd -f "$work/slurm.conf"
for _ in $(seq 1 60); do
  if sinfo -h -o %T 2>/dev/null | grep -q idle; then break; fi
  sleep 1
done
sinfo -h -o "%P %T %c" | grep -q idle || { echo "Slurm did not come up:"; tail -20 "$work/log/"*.log; exit 1; }
echo "Slurm up in $((SECONDS - start)) s"

study="$work/study"
"$cli" reproduce --out "$study" --variants baseline,rot --seeds 0 --epochs 1 --train-limit 300 --test-limit 100 \
  --robustness-images 8 --attack-steps 2 --eot 1 --scoring-draws 2 --square-queries 5 --corruption-severities none \
  --brain-trials 1 --slurm --slurm-command "$cli" --slurm-cpus 1 --slurm-mem 1500M --slurm-time 00:20:00 >/dev/null
(cd "$study" && bash submit.sh)
for _ in $(seq 1 900); do
  if [ -z "$(squeue -h -o %i)" ]; then break; fi
  sleep 2
done
[ -z "$(squeue -h -o %i)" ] || { echo "jobs still queued after 30 minutes"; squeue; exit 1; }
missing="$("$cli" reproduce --out "$study" --variants baseline,rot --seeds 0 --epochs 1 --train-limit 300 --test-limit 100 \
  --robustness-images 8 --attack-steps 2 --eot 1 --scoring-draws 2 --square-queries 5 --corruption-severities none \
  --brain-trials 1 --plan | grep -vc "(done)" || true)"
echo "tasks not done: $missing"
ls "$study/logs"
[ "$missing" = "0" ] || { tail -n 20 "$study"/logs/*; exit 1; }
[ -f "$study/report/report.md" ] || { echo "no report"; tail -n 20 "$study"/logs/collect-*; exit 1; }
echo "Slurm study passed in $((SECONDS - start)) s: $(ls "$study/logs" | wc -l) job logs, report at $study/report/report.md"
