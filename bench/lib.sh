# bench/lib.sh: checks and set-up shared by the bench scripts; sourced after ROOT and BENCH (the
# script's name, the prefix of its messages) are set.

bench_fail() { # message: print it as BENCH's usage error and exit 2
  echo "$BENCH: $*" >&2
  exit 2
}

bench_positive() { # option value: the value must be a positive integer
  [[ "$2" =~ ^[1-9][0-9]*$ ]] || bench_fail "$1 must be a positive integer, found '$2'"
}

bench_require_time() {
  [[ -x /usr/bin/time ]] || bench_fail "needs /usr/bin/time (Debian package 'time')"
}

bench_require_build() { # [file the build must have made; default: the launcher class path]
  [[ -f "${1:-$ROOT/jobs/target/launcher.classpath}" ]] || bench_fail "build first: (cd $ROOT && mvn -o -q -DskipTests package)"
}

# The scripts' Java programs (org.textrnn.bench.*) are the bench module, bench/src/main/java, built
# into bench/target/classes by the same `mvn package`; they run on the class path textrnn itself runs
# on (jobs' classes and launcher class path), with nothing added.
BENCH_CLASSES="$ROOT/bench/target/classes"

bench_require_class() { # class: the build must have compiled it into bench/target/classes (and made the launcher class path)
  bench_require_build
  [[ -f "$BENCH_CLASSES/${1//.//}.class" ]] \
    || bench_fail "$1 is not in bench/target/classes: build first: (cd $ROOT && mvn -o -q -DskipTests package)"
}

bench_classpath() { # prints the class path of the bench programs
  echo "$BENCH_CLASSES:$ROOT/jobs/target/classes:$(cat "$ROOT/jobs/target/launcher.classpath")"
}

bench_web_snippets() { # sets DATA: web snippets' folder (TEXTRNN_DATA overrides)
  DATA="${TEXTRNN_DATA:-$ROOT/../shared/data/web-snippets}"
  [[ -f "$DATA/train.txt" && -f "$DATA/test.txt" ]] || bench_fail "web snippets not found in $DATA (set TEXTRNN_DATA)"
}

bench_build_base() { # ref: prints the folder of REF built from `git archive` (once, then reused; mvn -o, no install)
  # called as BASE="$(bench_build_base REF)": a command substitution does not stop at errors by
  # itself, so each step exits on failure, which fails the assignment and so the calling script
  local sha base
  sha="$(git -C "$ROOT" rev-parse --short=10 "$1^{commit}")" || exit 1
  base="$ROOT/work/bench/base-$sha"
  if [[ ! -f "$base/jobs/target/launcher.classpath" ]]; then
    echo "$BENCH: building the baseline $1 ($sha) in $base (once)" >&2
    rm -rf "$base" && mkdir -p "$base" || exit 1
    git -C "$ROOT" archive "$sha" | tar -x -C "$base" || exit 1
    (cd "$base" && mvn -o -q -DskipTests package) >&2 || exit 1
  fi
  echo "$base"
}
