#!/usr/bin/env bash
# Makes the demo podcasts (MP3) from their transcripts (demo/data/podcasts/*.txt),
# with a French synthetic voice. Run once by hand when a transcript changes, then commit
# the .mp3 files: the demo (demo/content.py) only copies them, so neither
# espeak-ng nor lame is needed to run the demo.
#   apt-get install -y espeak-ng lame
set -euo pipefail
cd "$(dirname "$0")"
for text in ../../data/podcasts/*.txt; do
  name="$(basename "$text" .txt)"
  espeak-ng -v fr -s 150 -g 4 -f "$text" -w "/tmp/$name.wav"
  # Mono speech at 16 kbit/s, 16 kHz (under 300 KB for two minutes): small files that every browser plays.
  lame --quiet -m m -b 16 --resample 16 \
    --tt "$name" --ta "Callisto" --tl "Podcasts de démonstration" \
    "/tmp/$name.wav" "$name.mp3"
  rm -f "/tmp/$name.wav"
done
ls -l ./*.mp3
