#!/usr/bin/env bash
# Prove a directory of test vectors in one batch proof and verify it, for CI.
#
#   scripts/prove-vectors.sh [--model MODEL.onnx] [--calibration CAL.json] [--out OUT] DIR
#
# DIR holds the vectors: every *.json in it (sorted by name) is an input in EZKL's form
# {"input_data": [[...]]}. The model is --model, or DIR/model.onnx. The script runs
#   1. deepprove setup   (once; calibrated on --calibration, or setup's documented default),
#   2. deepprove prove --batch DIR   (one proof for every vector),
#   3. deepprove verify --input V1 --input V2 ...   (the proof is about exactly these vectors),
# and writes OUT/summary.json: {"passed": true|false, "stage": ..., "vectors": [...],
# "setup": {...}, "prove": {...}, "verify": {...}}, where "verify" lists every vector with its file,
# input digest and outputs. OUT (default: ./prove-vectors-out) also keeps the keys, the proof and
# the outputs. Exit status: 0 when every vector was proved and the proof verified, 1 when
# verification failed, 2 for bad usage or inputs (the failing stage's message is in the summary
# and on stderr). The CLI is $DEEPPROVE, or the ./deepprove launcher beside this script.
set -euo pipefail

usage() {
  sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

here=$(cd "$(dirname "$0")" && pwd)
dp=${DEEPPROVE:-$here/../deepprove}
model=""
calibration=""
out="prove-vectors-out"
dir=""
while [ $# -gt 0 ]; do
  case $1 in
    --model) [ $# -ge 2 ] || usage; model=$2; shift 2 ;;
    --calibration) [ $# -ge 2 ] || usage; calibration=$2; shift 2 ;;
    --out) [ $# -ge 2 ] || usage; out=$2; shift 2 ;;
    -h|--help) usage ;;
    -*) echo "prove-vectors: unknown option $1" >&2; usage ;;
    *) [ -z "$dir" ] || usage; dir=$1; shift ;;
  esac
done
[ -n "$dir" ] || usage
if [ ! -d "$dir" ]; then
  echo "prove-vectors: $dir: no such directory" >&2
  exit 2
fi
[ -n "$model" ] || model=$dir/model.onnx
if [ ! -f "$model" ]; then
  echo "prove-vectors: $model: no such model (give --model MODEL.onnx)" >&2
  exit 2
fi
vectors=()
while IFS= read -r v; do
  vectors+=("$v")
done < <(LC_ALL=C find "$dir" -maxdepth 1 -type f -name '*.json' | LC_ALL=C sort)
if [ ${#vectors[@]} -eq 0 ]; then
  echo "prove-vectors: $dir holds no *.json vectors" >&2
  exit 2
fi
mkdir -p "$out"

# JSON string literal of $1
json_string() {
  printf '"%s"' "$(printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' | tr '\n\t' '  ')"
}

# summary PASSED STAGE ERROR; the stages' own JSON files are spliced in as they are
summary() {
  local names="" v
  for v in "${vectors[@]}"; do
    names="$names${names:+, }$(json_string "$v")"
  done
  local setup prove verify
  setup=$(cat "$out/setup.json" 2>/dev/null || true)
  prove=$(cat "$out/prove.json" 2>/dev/null || true)
  verify=$(cat "$out/verify.json" 2>/dev/null || true)
  {
    printf '{"passed": %s, "stage": %s, "error": %s, "model": %s, "vectors": [%s],\n' "$1" "$(json_string "$2")" \
      "$(json_string "$3")" "$(json_string "$model")" "$names"
    printf ' "setup": %s,\n "prove": %s,\n "verify": %s}\n' "${setup:-null}" "${prove:-null}" "${verify:-null}"
  } > "$out/summary.json.tmp"
  mv "$out/summary.json.tmp" "$out/summary.json"
}

rm -f "$out/setup.json" "$out/prove.json" "$out/verify.json"

# run STAGE JSONFILE CMD...: the command's one-line JSON to JSONFILE; on failure, the summary and exit
run() {
  local stage=$1 file=$2 rc=0
  shift 2
  "$@" > "$file.tmp" 2> "$out/$stage.err" || rc=$?
  if [ $rc -eq 0 ]; then
    mv "$file.tmp" "$file"
    return 0
  fi
  # verify --json prints {"valid": false, ...} on exit 1: keep it
  if [ -s "$file.tmp" ]; then mv "$file.tmp" "$file"; else rm -f "$file.tmp"; fi
  local msg
  msg=$(head -n 1 "$out/$stage.err")
  echo "prove-vectors: $stage failed: $msg" >&2
  summary false "$stage" "$msg"
  echo "prove-vectors: summary in $out/summary.json" >&2
  exit $rc
}

cal_args=()
[ -z "$calibration" ] || cal_args=(--calibration "$calibration")
echo "prove-vectors: setup $model" >&2
run setup "$out/setup.json" "$dp" setup "$model" "${cal_args[@]}" --out "$out" --json
echo "prove-vectors: proving ${#vectors[@]} vectors in one proof" >&2
run prove "$out/prove.json" "$dp" prove --batch "$dir" --pk "$out/model.pk" --proof "$out/proof.bin" \
  --output "$out/outputs.json" --json
inputs=()
for v in "${vectors[@]}"; do
  inputs+=(--input "$v")
done
echo "prove-vectors: verifying" >&2
run verify "$out/verify.json" "$dp" verify "$out/proof.bin" --vk "$out/model.vk" "${inputs[@]}" --json
summary true done ""
echo "prove-vectors: all ${#vectors[@]} vectors proved and verified; summary in $out/summary.json" >&2
