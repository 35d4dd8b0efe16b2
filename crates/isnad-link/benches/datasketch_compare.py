#!/usr/bin/env python3
"""isnad-link's candidate index side by side with datasketch's MinHashLSH, in one run.

    python3 -m venv /tmp/dsk && /tmp/dsk/bin/pip install datasketch
    /tmp/dsk/bin/python crates/isnad-link/benches/datasketch_compare.py [--thresholds 0.5,0.3,0.1]

Both sides see the same corpus (ISNAD_CORPUS, default ../shared/data/news/ant_multisource.jsonl.gz)
and the same shingles: the script first runs the Rust bench with `--dump DIR`, which writes
every document's distinct shingle hashes (folded, clitic-stripped word 4-grams, hashed to 64
bits by isnad-link), the index's candidate pairs and the reuse pairs after alignment, with the
seconds each took. datasketch then builds a MinHash (128 permutations, `affine64`, the shingle
hash itself as the hash function) per document and a MinHashLSH per threshold, and queries every
document.

Agreement is measured against the exact Jaccard similarity of the shingle sets, computed here
for every pair either side proposes: for each threshold, the pairs at or above it, and how
many of them each side found; then how many of isnad-link's reuse pairs (after alignment) the
LSH candidates contain, by score, since reuse is about containment and LSH about Jaccard.

Not part of the project's build: a throwaway virtualenv is enough. Standard library, numpy and
datasketch only.

Last run (2 cores shared with other jobs, datasketch 2.0.0, 31,523 articles, 7,690,836
distinct shingles):

    isnad-link: fingerprints (tokens, folding)          2.87 s   (not counted below)
    isnad-link: index + candidates from shingles        1.77 s   (657,251 candidate pairs)
    datasketch: MinHash of every document               4.17 s
    datasketch: t=0.5 (25x5) with MinHash  8.93 s = 5.0x    (2,415 candidate pairs)
    datasketch: t=0.3 (37x3) with MinHash 11.72 s = 6.6x    (4,962)
    datasketch: t=0.1 (64x2) with MinHash 18.88 s = 10.7x   (21,078)

    exact Jaccard >= t   pairs   isnad-link      datasketch     ds candidates below t
    0.5                  2189    2134 (0.975)    2096 (0.958)     319
    0.3                  3525    3470 (0.984)    3278 (0.930)    1684
    0.1                 11451   11391 (0.995)    9614 (0.840)   11464

    The 55 pairs at 0.5 or more that isnad-link leaves out are pages holding nothing but an
    outlet's disclaimer ("** جميع المقالات المنشورة تمثل رأي كتابها فقط"): boilerplate that
    the index ignores on purpose.

    isnad-link reuse pairs (after alignment) in the LSH candidates, by score:
    score      pairs    t=0.5         t=0.3         t=0.1
    0.0-0.1    12558      0 (0.00)      4 (0.00)    310 (0.02)
    0.1-0.3    18349      2 (0.00)    184 (0.01)   2649 (0.14)
    0.3-0.6     7654     88 (0.01)   1348 (0.18)   4723 (0.62)
    0.6-0.9     2196    251 (0.11)   1039 (0.47)   1826 (0.83)
    0.9-1.0     2557   2018 (0.79)   2291 (0.90)   2471 (0.97)
    Exact Jaccard of reuse pairs scoring 0.5 or more: median 0.325; below 0.5: median 0.029.
"""
import argparse
import os
import resource
import struct
import subprocess
import sys
import time
from collections import defaultdict

import numpy as np
from datasketch import MinHash, MinHashLSH

HERE = os.path.dirname(os.path.abspath(__file__))
CRATE = os.path.dirname(HERE)
WORKSPACE = os.path.dirname(os.path.dirname(CRATE))


def run_dump(out_dir):
    env = dict(os.environ)
    env.setdefault("CARGO_TARGET_DIR", "/work/target-link")
    cmd = ["cargo", "bench", "-q", "-p", "isnad-link", "--bench", "reuse", "--", "--dump", out_dir]
    print("running:", " ".join(cmd), flush=True)
    t = time.perf_counter()
    res = subprocess.run(cmd, cwd=WORKSPACE, env=env, capture_output=True, text=True)
    if res.returncode != 0:
        sys.exit(f"the Rust dump failed:\n{res.stderr}")
    print(res.stdout.strip(), f"(process {time.perf_counter() - t:.1f}s)", flush=True)
    if "Skipping" in res.stdout:
        sys.exit(0)


def read_shingles(path):
    data = open(path, "rb").read()
    docs, at = [], 0
    while at < len(data):
        (n,) = struct.unpack_from("<I", data, at)
        at += 4
        docs.append(np.frombuffer(data, dtype="<u8", count=n, offset=at))
        at += 8 * n
    return docs


def read_tsv(path):
    secs, rows = None, []
    for line in open(path):
        if line.startswith("#"):
            secs = [float(x) for x in line.split("\t")[1:]]
            secs = secs[0] if len(secs) == 1 else secs
            continue
        a, b, x = line.rstrip("\n").split("\t")
        rows.append((int(a), int(b), float(x)))
    return secs, rows


def jaccard(x, y):
    if len(x) == 0 and len(y) == 0:
        return 0.0
    inter = len(np.intersect1d(x, y, assume_unique=True))
    return inter / (len(x) + len(y) - inter)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dump", default="/tmp/isnad-link-dump", help="folder for the Rust dump")
    ap.add_argument("--reuse-dump", action="store_true", help="use an existing dump instead of running the Rust side")
    ap.add_argument("--thresholds", default="0.5,0.3,0.1")
    ap.add_argument("--num-perm", type=int, default=128)
    args = ap.parse_args()
    thresholds = [float(t) for t in args.thresholds.split(",")]

    if not args.reuse_dump:
        run_dump(args.dump)
    docs = read_shingles(os.path.join(args.dump, "shingles.bin"))
    (ours_secs, fp_secs), ours_rows = read_tsv(os.path.join(args.dump, "candidates.tsv"))
    pairs_secs, pair_rows = read_tsv(os.path.join(args.dump, "pairs.tsv"))
    ours = {(a, b) for a, b, _ in ours_rows}
    reuse = {(min(a, b), max(a, b)): s for a, b, s in pair_rows}
    print(f"{len(docs)} documents, {sum(map(len, docs))} distinct shingles in all")

    t = time.perf_counter()
    mhs = MinHash.bulk([d.tolist() for d in docs], num_perm=args.num_perm, hashfunc=int, scheme="affine64")
    t_minhash = time.perf_counter() - t

    ds = {}
    timing = {}
    for th in thresholds:
        t = time.perf_counter()
        lsh = MinHashLSH(threshold=th, num_perm=args.num_perm)
        with lsh.insertion_session() as session:
            for k, m in enumerate(mhs):
                session.insert(k, m, check_duplication=False)
        t_insert = time.perf_counter() - t
        t = time.perf_counter()
        found = set()
        for k, m in enumerate(mhs):
            for o in lsh.query(m):
                if o != k:
                    found.add((min(k, o), max(k, o)))
        t_query = time.perf_counter() - t
        ds[th] = found
        timing[th] = (t_insert, t_query, lsh.b, lsh.r)

    t = time.perf_counter()
    union = set(ours)
    for found in ds.values():
        union |= found
    exact = {p: jaccard(docs[p[0]], docs[p[1]]) for p in union}
    t_exact = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print()
    print("speed (same machine, same run)")
    print(f"  isnad-link: fingerprints (tokens, folding)     {fp_secs:8.2f} s   (not counted below)")
    print(f"  isnad-link: index + candidates from shingles   {ours_secs:8.2f} s   ({len(ours)} candidate pairs)")
    print(f"  isnad-link: whole pipeline incl. alignment     {pairs_secs:8.2f} s   ({len(reuse)} reuse pairs)")
    print(f"  datasketch: MinHash of every document          {t_minhash:8.2f} s   (shingles given, not hashed again)")
    for th in thresholds:
        ins, q, b, r = timing[th]
        total = t_minhash + ins + q
        print(
            f"  datasketch: LSH t={th:<4} ({b:>2} bands x {r:>2} rows) insert {ins:6.2f} s, query {q:6.2f} s,"
            f" with MinHash {total:7.2f} s = {total / ours_secs:5.1f}x isnad-link's candidates"
            f"   ({len(ds[th])} candidate pairs)"
        )
    print(f"  (exact Jaccard of {len(union)} proposed pairs: {t_exact:.1f} s; python peak RSS {peak:.0f} MiB)")

    print()
    print("agreement, against the exact Jaccard of the shingle sets")
    print(f"  {'threshold':>9} {'pairs >= t':>11} {'isnad-link':>11} {'datasketch':>11} {'ds extra < t':>13}")
    for th in thresholds:
        truth = {p for p, j in exact.items() if j >= th}
        o = len(truth & ours)
        d = len(truth & ds[th])
        extra = len(ds[th] - truth)
        print(
            f"  {th:>9} {len(truth):>11} {o:>6} ({o / max(1, len(truth)):.3f}) {d:>5} ({d / max(1, len(truth)):.3f})"
            f" {extra:>13}"
        )

    print()
    print("isnad-link reuse pairs (after alignment) that the LSH candidates contain, by score")
    bands = [(0.0, 0.1), (0.1, 0.3), (0.3, 0.6), (0.6, 0.9), (0.9, 1.01)]
    header = "  " + f"{'score':>10} {'pairs':>7}" + "".join(f" {'t=' + str(th):>12}" for th in thresholds)
    print(header)
    for lo, hi in bands:
        ps = [p for p, s in reuse.items() if lo <= s < hi]
        row = f"  {f'{lo:.1f}-{min(hi, 1.0):.1f}':>10} {len(ps):>7}"
        for th in thresholds:
            n = sum(p in ds[th] for p in ps)
            row += f" {n:>6} ({n / max(1, len(ps)):.2f})"
        print(row)
    j = defaultdict(list)
    for p, s in reuse.items():
        j[s >= 0.5].append(exact.get(p, jaccard(docs[p[0]], docs[p[1]])))
    for k in (True, False):
        v = sorted(j[k])
        if v:
            print(
                f"  exact Jaccard of reuse pairs with score {'>=' if k else '<'} 0.5: median {v[len(v) // 2]:.3f},"
                f" 10th percentile {v[len(v) // 10]:.3f}"
            )


if __name__ == "__main__":
    main()
