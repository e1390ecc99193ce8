#!/usr/bin/env node
// The peer of `hearsay bench nlp`: wink-nlp's UPOS accuracy on GUM dev (gold
// tokens) and its tagging throughput on real news, printed as one JSON object
// on stdout (progress on stderr).
//
//   node bench/wink/wink-bench.js --modules DIR --conllu DIR --news DIR
//        [--repeat N] [--pipes tokenize,sbd,tag,default] [--max-docs N]
//
// DIR for --modules is the node_modules folder bench/wink/install.sh filled
// (wink-nlp and wink-eng-lite-web-model are never vendored in the repo).
//
// Gold tokens: wink-nlp has no public API for pre-tokenized input, so each
// gold sentence is given to readDoc() as its gold words (CoNLL-U syntactic
// words, multiword-token ranges skipped) joined by single spaces. wink's
// tokenizer always splits at whitespace, so every wink token belongs to
// exactly one gold word (found through its.precedingSpaces); when wink splits
// a word further (rare: e.g. "e-mail" or a leftover punctuation mark), the
// word is scored by the tag of its first piece, and the report also counts
// such words and gives the accuracy when they are all counted wrong.
//
// Throughput: every article's content_original of the AllSides corpus is read
// into memory first; then readDoc() runs over all of them, timed, REPEAT
// times after one warm-up pass (JIT); the median counts, both of wall-clock
// time and of the process's CPU time (user + system: on a machine shared with
// other jobs, CPU time is the steadier figure). Pin to one core with
// taskset -c 0 (bench/nlp-core.sh does). Tokens are wink's own tokens.
// Pipes: tokenize = pipe [] (tokenizer only); sbd = [sbd] (tokenizer and
// sentence boundaries, like hearsay's tokenizer,sentences); tag = [sbd, pos], what
// tagging needs; default = wink's default pipe (sbd, negation, sentiment,
// pos, ner, cer).
'use strict';

const fs = require('fs');
const path = require('path');

function parseArgs(argv) {
  const args = { repeat: 5, modules: '', conllu: '', news: '', pipes: ['tag'], maxDocs: 0 };
  for (let i = 2; i < argv.length; i += 1) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      i += 1;
      return argv[i];
    };
    if (a === '--modules') args.modules = next();
    else if (a === '--conllu') args.conllu = next();
    else if (a === '--news') args.news = next();
    else if (a === '--repeat') args.repeat = parseInt(next(), 10);
    else if (a === '--pipes') args.pipes = next().split(',').filter((p) => p);
    else if (a === '--max-docs') args.maxDocs = parseInt(next(), 10);
    else throw new Error(`unknown argument ${a}`);
  }
  if (!args.modules || !args.conllu || !args.news || !(args.repeat > 0)) {
    throw new Error('usage: wink-bench.js --modules DIR --conllu DIR --news DIR [--repeat N] ' +
      '[--pipes tokenize,sbd,tag,default] [--max-docs N]');
  }
  for (const p of args.pipes) {
    if (!['tokenize', 'sbd', 'tag', 'default'].includes(p)) {
      throw new Error(`unknown pipe ${p} (tokenize, sbd, tag, default)`);
    }
  }
  return args;
}

// Sentences of every *.conllu file in `dir`: [{forms: [...], upos: [...]}].
function readConllu(dir) {
  const sentences = [];
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.conllu')).sort();
  for (const file of files) {
    let cur = { forms: [], upos: [] };
    const lines = fs.readFileSync(path.join(dir, file), 'utf8').split('\n');
    lines.forEach((line, n) => {
      if (line.startsWith('#')) return;
      if (line.trim() === '') {
        if (cur.forms.length > 0) sentences.push(cur);
        cur = { forms: [], upos: [] };
        return;
      }
      const cols = line.split('\t');
      if (cols.length !== 10) throw new Error(`${file}:${n + 1}: expected 10 columns, found ${cols.length}`);
      if (!/^\d+$/.test(cols[0])) return;  // multiword-token range or empty node
      cur.forms.push(cols[1]);
      cur.upos.push(cols[3]);
    });
    if (cur.forms.length > 0) sentences.push(cur);
  }
  return { files: files.length, sentences };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function main() {
  const args = parseArgs(process.argv);
  const modules = path.resolve(args.modules);
  const winkNLP = require(path.join(modules, 'wink-nlp'));
  const model = require(path.join(modules, 'wink-eng-lite-web-model'));
  const version = (name) => JSON.parse(fs.readFileSync(path.join(modules, name, 'package.json'), 'utf8')).version;
  const its = winkNLP(model, []).its;
  // Tagging needs only sentence boundaries and POS; the default pipe also
  // runs negation, sentiment, NER and custom entities.
  const nlp = winkNLP(model, ['sbd', 'pos']);
  const engines = { tokenize: winkNLP(model, []), sbd: winkNLP(model, ['sbd']), tag: nlp, default: winkNLP(model) };

  // ---- accuracy on gold tokens ----
  const gum = readConllu(args.conllu);
  let words = 0;
  let correct = 0;
  let split = 0;
  let splitCorrect = 0;
  let mismatched = 0;
  const confusion = new Map();
  for (const s of gum.sentences) {
    // A gold word containing a space (none in GUM dev) would be several chunks.
    const forms = s.forms.map((f) => f.replace(/\s+/g, '_'));
    const doc = nlp.readDoc(forms.join(' '));
    const tags = doc.tokens().out(its.pos);
    const spaces = doc.tokens().out(its.precedingSpaces);
    // Piece k of wink belongs to gold word w: w advances at each space.
    const first = new Array(forms.length).fill(-1);
    const pieces = new Array(forms.length).fill(0);
    let w = -1;
    for (let k = 0; k < tags.length; k += 1) {
      if (k === 0 || spaces[k].length > 0) w += 1;
      if (w >= forms.length) break;
      if (first[w] < 0) first[w] = k;
      pieces[w] += 1;
    }
    if (w !== forms.length - 1) mismatched += 1;
    for (let i = 0; i < forms.length; i += 1) {
      words += 1;
      const predicted = first[i] >= 0 ? tags[first[i]] : '';
      const ok = predicted === s.upos[i];
      if (ok) correct += 1;
      if (pieces[i] > 1) {
        split += 1;
        if (ok) splitCorrect += 1;
      }
      if (!ok) {
        const key = `${s.upos[i]}->${predicted}`;
        confusion.set(key, (confusion.get(key) || 0) + 1);
      }
    }
  }
  const topErrors = [...confusion.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10);
  process.stderr.write(`wink-bench: UPOS on ${words} gold words: ${(100 * correct / words).toFixed(2)}%\n`);

  // ---- throughput on news ----
  let names = fs.readdirSync(args.news).filter((f) => f.endsWith('.json')).sort();
  if (args.maxDocs > 0) names = names.slice(0, args.maxDocs);
  const texts = names.map((f) => JSON.parse(fs.readFileSync(path.join(args.news, f), 'utf8')).content_original || '');
  const chars = texts.reduce((n, t) => n + t.length, 0);
  const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t, 'utf8'), 0);
  const measure = (engine, label) => {
    let tokens = 0;
    const run = () => {
      tokens = 0;
      const c0 = process.cpuUsage();
      const t0 = process.hrtime.bigint();
      for (const t of texts) tokens += engine.readDoc(t).tokens().length();
      const wall = Number(process.hrtime.bigint() - t0) / 1e9;
      const c = process.cpuUsage(c0);
      return [wall, (c.user + c.system) / 1e6];
    };
    run();  // warm-up: JIT and caches
    const wall = [];
    const cpu = [];
    for (let r = 0; r < args.repeat; r += 1) {
      const [w, c] = run();
      wall.push(w);
      cpu.push(c);
    }
    const m = median(wall);
    const mc = median(cpu);
    process.stderr.write(`wink-bench: ${label}: ${tokens} tokens, median ${m.toFixed(3)} s wall, ` +
      `${mc.toFixed(3)} s CPU\n`);
    return {
      tokens,
      median_seconds: m,
      median_cpu_seconds: mc,
      seconds: wall,
      cpu_seconds: cpu,
      tokens_per_second: tokens / m,
      tokens_per_cpu_second: tokens / mc,
      mb_per_second: bytes / 1e6 / m,
    };
  };
  const throughput = {};
  for (const p of args.pipes) throughput[p] = measure(engines[p], p);

  const out = {
    peer: 'wink-nlp',
    versions: { 'wink-nlp': version('wink-nlp'), 'wink-eng-lite-web-model': version('wink-eng-lite-web-model'), node: process.version },
    accuracy: {
      conllu: args.conllu,
      files: gum.files,
      sentences: gum.sentences.length,
      words,
      upos_correct: correct,
      upos_accuracy: correct / words,
      words_split_by_wink: split,
      upos_accuracy_split_words_wrong: (correct - splitCorrect) / words,
      sentences_misaligned: mismatched,
      top_errors: topErrors,
      input: 'gold words of each sentence joined by single spaces, one readDoc per sentence, pipe [sbd, pos]',
    },
    throughput: {
      news: args.news,
      documents: texts.length,
      chars,
      bytes,
      repeat: args.repeat,
      warmup_runs: 1,
      pipes: throughput,
    },
  };
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

try {
  main();
} catch (e) {
  process.stderr.write(`wink-bench: ${e.message}\n`);
  process.exit(1);
}
