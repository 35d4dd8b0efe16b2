#!/usr/bin/env python3
"""UDPipe 1 baseline ("anchor") for the tagger and parser, on the project's fixed UD split.

What it does
  1. Splits the shared treebanks into the project's fixed slices (sentences are blank-line
     separated blocks, counted from 1 in file order) and writes them to OUTDIR/splits/:
       PUD  (ar_pud_800.conllu):      train 1-600, dev 601-700, test 701-800
       PADT (ar_padt_v1_dev.conllu + ar_padt_v1_test.conllu):
                                      train = all of the dev file + test-file 1-304,
                                      dev = test-file 305-404, test = test-file 405-504
  2. Trains UDPipe 1 (method morphodita_parsito: default MorphoDiTa tagger, Parsito parser
     with iterations=10, tokenizer "none" because words are given) in three configurations:
       a_pud       PUD train,             heldout PUD dev
       b_padt      PADT train,            heldout PADT dev
       c_padt_pud  PADT train + PUD train, heldout PADT dev + PUD dev (naive mix: v1 and v2
                   relation names, vocalized and unvocalized forms, two XPOS tag sets)
     The models are saved to OUTDIR/models/ (a model trained on PADT carries its licence,
     CC BY-NC-SA 3.0; keep that note beside any copy of it).
  3. Tags and parses both held-out test slices with every model, on gold words (the gold
     CoNLL-U is read with UDPipe's conllu reader, its lemma/UPOS/XPOS/feats/head/deprel
     fields are blanked, then Model.tag and Model.parse run sentence by sentence), writes
     OUTDIR/pred/MODEL.SLICE.conllu, and scores it with
     `score.py ud GOLD PRED --json` (UPOS accuracy, UAS, LAS; the scorer maps UD v1
     relation names to v2 and drops subtypes). Speed is words per second of the wall time
     spent inside the tag+parse calls only, one thread; the best of --speed-repeats passes
     is reported (the machine may be shared).
  4. Prints a table configuration x slice -> UPOS, UAS, LAS, words/s and writes
     OUTDIR/results.json.

How to run (standard library + ufal.udpipe, `pip install ufal.udpipe`):
  python3 tools/udpipe_anchor.py OUTDIR
  python3 tools/udpipe_anchor.py OUTDIR --configs a_pud          # one configuration only
  python3 tools/udpipe_anchor.py OUTDIR --reuse-models           # skip training where
                                                                 # OUTDIR/models/X.udpipe exists
Options --data (default ../shared/data/ud beside the repository) and --scorer (default
../shared/eval/score.py) point at the shared files. Training prints UDPipe's own progress
on standard error and takes minutes to tens of minutes per configuration (on a shared
2-core machine: a_pud about 4 min, b_padt about 31 min, c_padt_pud about 40 min).
Training and prediction are deterministic: rerunning gives the same scores.

Reading cross-treebank figures: PADT v1 tags about 9% of its words X (names and words its
analyser did not know; PROPN is almost absent) and uses CONJ where PUD (v2) uses CCONJ;
score.py maps v1 relation names to v2 but not UPOS, so a PUD-trained model loses those
words on the PADT slice and the other way round.
"""
import argparse
import json
import os
import subprocess
import sys
import time

from ufal.udpipe import InputFormat, Model, OutputFormat, ProcessingError, Sentence, Sentences, Trainer

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.normpath(os.path.join(HERE, "..", "..", "shared"))

CONFIGS = {
    "a_pud": (["pud_train"], ["pud_dev"]),
    "b_padt": (["padt_train"], ["padt_dev"]),
    "c_padt_pud": (["padt_train", "pud_train"], ["padt_dev", "pud_dev"]),
}
TEST_SLICES = ["pud_test", "padt_test"]


def blocks(path):
    """Sentence blocks of a CoNLL-U file, in file order, without trailing newlines."""
    text = open(path, encoding="utf-8").read()
    out, cur = [], []
    for line in text.split("\n"):
        if line.strip() == "":
            if cur:
                out.append("\n".join(cur))
                cur = []
        else:
            cur.append(line)
    if cur:
        out.append("\n".join(cur))
    return out


def pick(bl, first, last):
    """Sentences first..last, counted from 1, inclusive."""
    assert 1 <= first <= last <= len(bl), (first, last, len(bl))
    return bl[first - 1:last]


def write_slices(data_dir, out_dir):
    pud = blocks(os.path.join(data_dir, "ar_pud_800.conllu"))
    padt_dev = blocks(os.path.join(data_dir, "ar_padt_v1_dev.conllu"))
    padt_test = blocks(os.path.join(data_dir, "ar_padt_v1_test.conllu"))
    assert (len(pud), len(padt_dev), len(padt_test)) == (800, 786, 504), (len(pud), len(padt_dev), len(padt_test))
    slices = {
        "pud_train": pick(pud, 1, 600),
        "pud_dev": pick(pud, 601, 700),
        "pud_test": pick(pud, 701, 800),
        "padt_train": padt_dev + pick(padt_test, 1, 304),
        "padt_dev": pick(padt_test, 305, 404),
        "padt_test": pick(padt_test, 405, 504),
    }
    os.makedirs(out_dir, exist_ok=True)
    paths = {}
    for name, bl in slices.items():
        p = os.path.join(out_dir, name + ".conllu")
        with open(p, "w", encoding="utf-8") as f:
            f.write("\n\n".join(bl) + "\n\n")
        paths[name] = p
    return paths


def read_sentences(paths):
    """UDPipe Sentences from one or more CoNLL-U files."""
    out = Sentences()
    for p in paths:
        reader = InputFormat.newConlluInputFormat()
        reader.setText(open(p, encoding="utf-8").read())
        err = ProcessingError()
        s = Sentence()
        while reader.nextSentence(s, err):
            out.append(s)
            s = Sentence()
        if err.occurred():
            raise SystemExit(f"cannot read {p}: {err.message}")
    return out


def word_count(sentences):
    return sum(len(s.words) - 1 for s in sentences)  # words[0] is the technical root


def train(name, paths, model_path):
    tr, ho = CONFIGS[name]
    train_s = read_sentences([paths[x] for x in tr])
    held_s = read_sentences([paths[x] for x in ho])
    print(f"[{name}] training on {len(train_s)} sentences / {word_count(train_s)} words, "
          f"heldout {len(held_s)} sentences", file=sys.stderr, flush=True)
    err = ProcessingError()
    t0 = time.perf_counter()
    model = Trainer.train("morphodita_parsito", train_s, held_s, "none", Trainer.DEFAULT, "iterations=10", err)
    secs = time.perf_counter() - t0
    if err.occurred():
        raise SystemExit(f"[{name}] training failed: {err.message}")
    with open(model_path, "wb") as f:
        f.write(model if isinstance(model, bytes) else model.encode("latin-1"))
    with open(model_path + ".train.json", "w") as f:
        json.dump({"config": name, "train": tr, "heldout": ho, "train_sentences": len(train_s),
                   "train_words": word_count(train_s), "seconds": round(secs, 1)}, f)
    print(f"[{name}] trained in {secs:.0f} s -> {model_path}", file=sys.stderr, flush=True)
    return secs


def blank(sentence):
    # index access: iterating a SWIG vector yields copies, indexing yields references
    for i in range(1, len(sentence.words)):
        w = sentence.words[i]
        w.lemma = w.upostag = w.xpostag = w.feats = w.deprel = w.deps = ""
        w.head = -1


def predict(model, gold_path, pred_path, repeats):
    """Tag and parse on gold words; returns (words, best seconds of the tag+parse calls)."""
    best = None
    for _ in range(max(1, repeats)):
        vec = read_sentences([gold_path])  # kept alive: sents points into it
        sents = [vec[i] for i in range(len(vec))]  # references, not copies (see blank)
        for s in sents:
            blank(s)
        err = ProcessingError()
        spent = 0.0
        for s in sents:
            t0 = time.perf_counter()
            ok = model.tag(s, Model.DEFAULT, err) and model.parse(s, Model.DEFAULT, err)
            spent += time.perf_counter() - t0
            if not ok or err.occurred():
                raise SystemExit(f"tag/parse failed on {gold_path}: {err.message}")
        best = spent if best is None else min(best, spent)
    writer = OutputFormat.newConlluOutputFormat()
    with open(pred_path, "w", encoding="utf-8") as f:
        for s in sents:
            f.write(writer.writeSentence(s))
        f.write(writer.finishDocument())
    return sum(len(s.words) - 1 for s in sents), best


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--data", default=os.path.join(SHARED, "data", "ud"))
    ap.add_argument("--scorer", default=os.path.join(SHARED, "eval", "score.py"))
    ap.add_argument("--configs", default=",".join(CONFIGS), help="comma-separated subset of " + ",".join(CONFIGS))
    ap.add_argument("--reuse-models", action="store_true", help="load OUTDIR/models/X.udpipe instead of training when present")
    ap.add_argument("--speed-repeats", type=int, default=3)
    args = ap.parse_args(argv[1:])

    configs = [c for c in args.configs.split(",") if c]
    for c in configs:
        if c not in CONFIGS:
            raise SystemExit(f"unknown configuration {c}")
    paths = write_slices(args.data, os.path.join(args.outdir, "splits"))
    os.makedirs(os.path.join(args.outdir, "models"), exist_ok=True)
    os.makedirs(os.path.join(args.outdir, "pred"), exist_ok=True)

    results = []
    for c in configs:
        mp = os.path.join(args.outdir, "models", c + ".udpipe")
        if args.reuse_models and os.path.exists(mp):
            info = json.load(open(mp + ".train.json")) if os.path.exists(mp + ".train.json") else {}
            secs = info.get("seconds")
        else:
            secs = train(c, paths, mp)
        model = Model.load(mp)
        if model is None:
            raise SystemExit(f"cannot load {mp}")
        for sl in TEST_SLICES:
            pred = os.path.join(args.outdir, "pred", f"{c}.{sl}.conllu")
            words, spent = predict(model, paths[sl], pred, args.speed_repeats)
            out = subprocess.run([sys.executable, args.scorer, "ud", paths[sl], pred, "--json"],
                                 capture_output=True, text=True, check=True).stdout
            sc = json.loads(out)
            row = {"config": c, "slice": sl, "upos": sc["upos"], "uas": sc["uas"], "las": sc["las"],
                   "words": words, "scored_words": sc["words"], "sentences": sc["sentences"],
                   "sentences_misaligned": sc["sentences_misaligned"],
                   "words_per_s": round(words / spent) if spent else None, "train_seconds": secs}
            results.append(row)
            print(json.dumps(row), file=sys.stderr, flush=True)
        del model

    with open(os.path.join(args.outdir, "results.json"), "w") as f:
        json.dump(results, f, indent=1)
    print(f"{'configuration':12} {'slice':10} {'UPOS':>6} {'UAS':>6} {'LAS':>6} {'words/s':>8} {'misal.':>6} {'train s':>8}")
    for r in results:
        ts = "" if r["train_seconds"] is None else f"{r['train_seconds']:.0f}"
        print(f"{r['config']:12} {r['slice']:10} {r['upos']:6.3f} {r['uas']:6.3f} {r['las']:6.3f} "
              f"{r['words_per_s'] or 0:8d} {r['sentences_misaligned']:6d} {ts:>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
