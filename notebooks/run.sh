#!/usr/bin/env bash
# notebooks/run.sh RUN_DIR [OUT_DIR]: executes every notebook in notebooks/ headless on the outputs of one
# run (RUN_DIR/prepared, RUN_DIR/model, RUN_DIR/predictions, RUN_DIR/evaluation; see notebooks/README.md)
# and writes the executed notebooks and their HTML to OUT_DIR (default: work/notebooks/<name of RUN_DIR>).
# A notebook stops at its first cell that raises; run.sh runs them all, prints each failure's message and
# exits 1 if any failed. It refuses notebooks committed with outputs.
#
# Needs Debian's Python with pandas, matplotlib, nbconvert and ipykernel:
#   apt-get install -y --no-install-recommends python3-pandas python3-matplotlib jupyter-nbconvert python3-ipykernel
#
# Environment:
#   TEXTRNN_PYTHON          the Python the notebooks run in (default /usr/bin/python3)
#   TEXTRNN_NB_CELL_TIMEOUT seconds one cell may run (default 300)
#   TEXTRNN_NB_TIMEOUT      seconds one notebook may run (default 600)
#   TEXTRNN_MODELS, TEXTRNN_SQL, ...: passed on to the notebooks (see notebooks/README.md)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"

if [[ $# -lt 1 || $# -gt 2 || "$1" == -h || "$1" == --help ]]; then
  sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
if [[ ! -d "$1" ]]; then
  echo "notebooks/run.sh: RUN_DIR $1 is not a folder" >&2
  exit 2
fi
RUN="$(cd "$1" && pwd)"
OUT="${2:-$ROOT/work/notebooks/$(basename "$RUN")}"
PY="${TEXTRNN_PYTHON:-/usr/bin/python3}"
NBCONVERT=("$PY" -m nbconvert)

if ! "$PY" -c 'import pandas, matplotlib, nbconvert, ipykernel' 2>/dev/null; then
  echo "notebooks/run.sh: $PY lacks pandas, matplotlib, nbconvert or ipykernel; install Debian's:" >&2
  echo "  apt-get install -y --no-install-recommends python3-pandas python3-matplotlib jupyter-nbconvert python3-ipykernel" >&2
  exit 2
fi

# notebooks are committed without outputs, so that diffs show code and no run's figures
"$PY" - "$HERE"/[0-9]*.ipynb <<'EOF'
import json, sys
dirty = [p for p in sys.argv[1:] for c in json.load(open(p, encoding="utf-8"))["cells"]
         if c.get("outputs") or c.get("execution_count") is not None]
if dirty:
    sys.exit("notebooks/run.sh: committed with outputs (clear them: jupyter nbconvert --clear-output --inplace FILE): "
             + ", ".join(sorted(set(dirty))))
EOF
(cd "$HERE" && "$PY" -m unittest -q test_textrnn_nb 2>&1 | tail -n 3)

# A kernel of our own, so that the notebooks run in $PY and not in whatever "python3" kernel a user
# or another Python installation registered first.
KERNELS="$(mktemp -d)"
trap 'rm -rf "$KERNELS"' EXIT
mkdir -p "$KERNELS/kernels/textrnn-python3"
cat > "$KERNELS/kernels/textrnn-python3/kernel.json" <<EOF
{"argv": ["$PY", "-Xfrozen_modules=off", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
 "display_name": "textrnn (Debian Python 3)", "language": "python"}
EOF
export JUPYTER_PATH="$KERNELS${JUPYTER_PATH:+:$JUPYTER_PATH}"
export PYDEVD_DISABLE_FILE_VALIDATION=1 MPLBACKEND=agg
export TEXTRNN_RUN="$RUN"
export TEXTRNN_LAUNCHER="${TEXTRNN_LAUNCHER:-$ROOT/deploy/textrnn}"

mkdir -p "$OUT"
echo "notebooks: run $RUN -> $OUT"
start=$SECONDS
failed=()
for nb in "$HERE"/[0-9]*.ipynb; do
  name="$(basename "$nb" .ipynb)"
  t=$SECONDS
  if timeout "${TEXTRNN_NB_TIMEOUT:-600}" "${NBCONVERT[@]}" --to notebook --execute \
      --ExecutePreprocessor.kernel_name=textrnn-python3 \
      --ExecutePreprocessor.timeout="${TEXTRNN_NB_CELL_TIMEOUT:-300}" \
      --output-dir "$OUT" --output "$name" "$nb" >"$OUT/$name.log" 2>&1; then
    "${NBCONVERT[@]}" --to html --output-dir "$OUT" "$OUT/$name.ipynb" >>"$OUT/$name.log" 2>&1
    echo "  $name: $((SECONDS - t)) s -> $OUT/$name.ipynb, $name.html"
  else
    rc=$?
    failed+=("$name")
    # the exception's own line (the notebooks' InputError says which input and how to point at it)
    why="$(sed 's/\x1b\[[0-9;]*m//g' "$OUT/$name.log" | grep -E '^[A-Za-z_.]*(Error|Exception|Interrupt)[A-Za-z]*: ' | tail -n 1 || true)"
    [[ $rc -eq 124 ]] && why="ran past TEXTRNN_NB_TIMEOUT=${TEXTRNN_NB_TIMEOUT:-600} s"
    echo "  $name: FAILED after $((SECONDS - t)) s: ${why:-see the log} (log: $OUT/$name.log)" >&2
  fi
done
if (( ${#failed[@]} )); then
  echo "notebooks: ${#failed[@]} failed: ${failed[*]}" >&2
  exit 1
fi
echo "notebooks: all executed in $((SECONDS - start)) s"
