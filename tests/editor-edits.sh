#!/usr/bin/env bash
# An editor's routine edit of content/ breaks no test: the tests that write literals read the
# frozen tests/fixtures/base, and the tests of content/ itself check only what holds for any
# valid content (tests/suite/real_content.rs). This script shows it. For each edit, it lays
# out the committed tree (HEAD) in a scratch folder, makes the edit there as an editor would,
# and runs `cargo test` on it, with the target folder shared so that only the crate is built
# again. A tool for maintainers (TESTING.md); CI does not run it.
#
#   tests/editor-edits.sh                          # each edit alone, then all five together
#   tests/editor-edits.sh accessed statistics      # these edits, each alone
#   tests/editor-edits.sh together                 # all five at once
#   tests/editor-edits.sh heading -- --test suite  # cargo test's arguments after `--`
#
# The edits:
#   accessed      a source's `accessed` date set to today (content/sources.toml)
#   heading       the role page's first section heading reworded, in both languages
#   trends-count  a CIR count for a fiscal year that has none, from a new source, with the
#                 source's Japanese text (trends.toml, sources.toml, ja/sources.toml)
#   section       a section added to the role page, in both languages
#   statistics    a prefecture's count raised by one, with the total, and with the count of
#                 the same date in trends.toml, which `check` requires to agree
#
# The copy shares the repository's target folder, so only its crate is built (once: the copy
# is always laid out in the same place), and the dependencies are not. Cargo names a package's
# artifacts by its path within its workspace, which is the same for any checkout; so the copy
# is made a member of a workspace of its own, and its crate is built apart from the
# repository's. It is laid out in the target folder, which the deployment test's sandbox
# shows (it hides /tmp and home folders). The tests' scratch space (target/tmp) and the
# built binary (target/debug/cir-guide) are shared too, so the script does not run while
# other tests use the same target folder.
set -euo pipefail

root=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
work="$CARGO_TARGET_DIR/editor-edits"
copy="$work/copy"
all_edits=(accessed heading trends-count section statistics)

edits=()
cargo_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --) shift; cargo_args=("$@"); break ;;
    accessed|heading|trends-count|section|statistics|together) edits+=("$1"); shift ;;
    *) echo "unknown edit: $1 (one of ${all_edits[*]} together)" >&2; exit 2 ;;
  esac
done
if [ ${#edits[@]} -eq 0 ]; then
  edits=("${all_edits[@]}" together)
fi

# The committed tree, laid out afresh; npm's tools are the repository's own.
lay_out() {
  rm -rf "$copy"
  mkdir -p "$copy"
  git -C "$root" archive HEAD | tar -x -C "$copy"
  if [ -d "$root/node_modules" ]; then
    ln -s "$root/node_modules" "$copy/node_modules"
  fi
  # The workspace around the copy, with its lock file and its profiles (which only a
  # workspace's root may set), so that the dependencies are the very ones already built.
  cp "$copy/Cargo.lock" "$work/Cargo.lock"
  {
    printf '[workspace]\nmembers = ["copy"]\nresolver = "3"\n\n'
    sed -n '/^\[profile/,$p' "$copy/Cargo.toml"
  } >"$work/Cargo.toml"
  sed -i '/^\[profile/,$d' "$copy/Cargo.toml"
}

# Makes one edit in the copy, with Python's TOML reader to find where; each edit fails loudly
# if content/ no longer has the shape it expects.
edit() {
  python3 - "$copy/content" "$1" <<'PY'
import datetime, re, sys, tomllib

content, edit = sys.argv[1], sys.argv[2]

def read(name):
    with open(f"{content}/{name}", encoding="utf-8") as f:
        return f.read()

def write(name, text):
    with open(f"{content}/{name}", "w", encoding="utf-8") as f:
        f.write(text)

def replace_once(name, old, new):
    text = read(name)
    if text.count(old) != 1:
        sys.exit(f"{edit}: {old!r} is not in {name} exactly once")
    write(name, text.replace(old, new, 1))

def before_notes(name, block):
    """Adds a table before the file's first [[note]], or at its end."""
    text = read(name)
    at = text.find("\n[[note]]")
    at = len(text) if at < 0 else at + 1
    write(name, text[:at].rstrip("\n") + "\n\n" + block.strip("\n") + "\n\n" + text[at:])

today = datetime.datetime.now(datetime.timezone.utc).date()

if edit == "accessed":
    text = read("sources.toml")
    m = re.search(r"^accessed = (\d{4}-\d{2}-\d{2})$", text, re.M)
    new = today if m.group(1) != today.isoformat() else today - datetime.timedelta(days=1)
    write("sources.toml", text[: m.start(1)] + new.isoformat() + text[m.end(1) :])

elif edit == "heading":
    m = re.search(r'\[\[section\]\]\nid = "([^"]+)"\nheading = "([^"]*)"', read("role.toml"))
    section, heading = m.group(1), m.group(2)
    replace_once("role.toml", f'heading = "{heading}"', f'heading = "{heading}, in short"')
    m = re.search(rf'id = "{section}"\nheading = "([^"]*)"', read("ja/role.toml"))
    replace_once("ja/role.toml", f'heading = "{m.group(1)}"', f'heading = "{m.group(1)}（概要）"')

elif edit == "trends-count":
    trends = tomllib.loads(read("trends.toml"))

    def fiscal_year(as_of):
        parts = [int(p) for p in as_of.split("-")]
        return parts[0] - 1 if len(parts) > 1 and parts[1] < 4 else parts[0]

    counted = {fiscal_year(c["as_of"]) for c in trends["cirs"]}
    years = {y["year"]: y.get("count") for y in trends["participants"]["years"]}
    # A year in the middle of those with participants and no count yet.
    free = sorted(y for y, n in years.items() if n and y not in counted)
    year = free[len(free) // 2]
    source = f"news-{year}-cirs"
    block = (
        f'[[cirs]]\nas_of = "{year}"\ncount = {round(years[year] * 0.08)}\n'
        f'participants = {years[year]}\nsource = "{source}"\n'
    )
    # In order, oldest first: before the first later count, or after the last one.
    text = read("trends.toml")
    later = [c["as_of"] for c in trends["cirs"] if fiscal_year(c["as_of"]) > year]
    if later:
        at = text.index(f'[[cirs]]\nas_of = "{later[0]}"')
    else:
        last = text.rindex("[[cirs]]\n")
        at = text.find("\n\n", last)
        at = len(text) if at < 0 else at + 2
    write("trends.toml", text[:at] + block + "\n" + text[at:])
    before_notes("sources.toml", f'''
[[source]]
id = "{source}"
title = "News report on CIRs, {year}"
publisher = "A news site"
url = "https://news.example/{year}/cirs"
kind = "secondary"
accessed = {today.isoformat()}
supports = "The number of CIRs in fiscal {year}, and of JET participants with them."
''')
    before_notes("ja/sources.toml", f'''
[[source]]
id = "{source}"
title = "{year}年度の国際交流員数についての記事"
publisher = "ニュースサイト"
supports = "{year}年度の国際交流員数と、あわせて示されたJETプログラム参加者数。"
''')

elif edit == "section":
    sources = re.search(r"^sources = (\[.*\])$", read("role.toml"), re.M).group(1)
    role = read("role.toml").rstrip("\n")
    write("role.toml", role + f'''

[[section]]
id = "a-working-day"
heading = "A working day"
body = """
No two days are alike: a CIR may translate a leaflet in the morning and visit a school in the afternoon.
"""
sources = {sources}
''')
    ja_role = read("ja/role.toml").rstrip("\n")
    write("ja/role.toml", ja_role + '''

[[section]]
id = "a-working-day"
heading = "ある一日"
body = """
同じ日は二つとありません。午前中にちらしを翻訳し、午後に学校を訪ねることもあります。
"""
''')

elif edit == "statistics":
    statistics = tomllib.loads(read("statistics.toml"))
    row = next(r for r in statistics["row"] if r["kind"] == "prefecture")
    total = statistics["reported_cirs"]
    head = f'name = "{row["name"]}"\nkind = "prefecture"\n'
    text = read("statistics.toml")
    at = text.index(head)
    end = text.index(f"cirs = {row['cirs']}\n", at)
    text = text[:end] + f"cirs = {row['cirs'] + 1}\n" + text[end + len(f"cirs = {row['cirs']}\n") :]
    write("statistics.toml", text)
    replace_once("statistics.toml", f"reported_cirs = {total}\n", f"reported_cirs = {total + 1}\n")
    date = statistics["as_of"].isoformat()
    replace_once("trends.toml", f'as_of = "{date}"\ncount = {total}\n', f'as_of = "{date}"\ncount = {total + 1}\n')

else:
    sys.exit(f"unknown edit {edit}")
PY
}

mkdir -p "$work/logs"
results=()
failed=0
for name in "${edits[@]}"; do
  lay_out
  rm -rf "$work/content-before"
  cp -r "$copy/content" "$work/content-before"
  if [ "$name" = together ]; then
    for one in "${all_edits[@]}"; do edit "$one"; done
  else
    edit "$name"
  fi
  log="$work/logs/$name.log"
  # The edit heads the log; the files it changed are shown here.
  diff -ru "$work/content-before" "$copy/content" >"$log" || true
  echo "== $name: changed $(diff -rq "$work/content-before" "$copy/content" |
    sed -e "s|^Files $work/content-before/||" -e 's| and .*||' | tr '\n' ' ')"
  echo "== $name: cargo test ${cargo_args[*]}, logged in $log"
  if (cd "$copy" && cargo test --quiet "${cargo_args[@]}") >>"$log" 2>&1; then
    outcome=pass
  else
    outcome=FAIL
    failed=1
  fi
  counts=$(grep -E '^test result' "$log" |
    awk '{p += $4; f += $6; i += $8} END {printf "%d passed, %d failed, %d ignored", p, f, i}')
  results+=("$(printf '%-13s %s  (%s)' "$name" "$outcome" "$counts")")
  echo "== ${results[-1]}"
done

echo
echo "Editor edits, each on a fresh copy of HEAD:"
printf '  %s\n' "${results[@]}"
exit "$failed"
