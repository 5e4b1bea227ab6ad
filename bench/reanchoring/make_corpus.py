#!/usr/bin/env python3
"""Builds the re-anchoring corpus: pairs of revisions of real readings and annotated cases.

Each revision is written here as an instructor would make it, sentence by sentence: kept, moved,
reordered, rewritten (lightly: expected to follow; heavily: expected to orphan), deleted, or repeated
elsewhere. The expected answer of every case is derived from that structure, not from any matcher:
the new text is rendered from the same sentences, so the place of each kept or edited sentence in
the new text is known by construction. Python strings index code points, as the W3C selectors do.

    python3 bench/reanchoring/make_corpus.py      # rewrites bench/reanchoring/corpus/*/
"""
import json
import os
import random
import re

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..'))
CORPUS = os.path.join(HERE, 'corpus')
STORED_CONTEXT = 32  # what Anchorer stores around a quote when the client sent no context


def essay_text():
    raw = open(os.path.join(ROOT, 'src/main/resources/documents/red-terror-essay.txt'), encoding='utf-8').read()
    m = re.match(r'\A\s*date\s+(\d{4}-\d{2}-\d{2})\s+(.*)\Z', raw, re.S)  # as documents/DefaultDocuments.parse
    return m.group(2).strip()


def python_text():
    return open(os.path.join(CORPUS, 'sources', 'python-execution-model.txt'), encoding='utf-8').read().strip()


def split(text):
    """Paragraphs (blank-line separated) of sentences (single-space separated)."""
    return [re.split(r'(?<=[.!?])\s(?=[A-Z"*(“])', p) for p in text.split('\n\n')]


class Doc:
    """Old sentences numbered in reading order; render() joins sentences with ' ' and paragraphs with blank lines."""

    def __init__(self, text):
        self.paragraphs = split(text)
        self.sentences = [s for p in self.paragraphs for s in p]
        ids, n = [], 0
        for p in self.paragraphs:
            ids.append(list(range(n, n + len(p))))
            n += len(p)
        self.ids = ids
        assert self.render(ids, {}) [0] == text, 'sentence split must reproduce the text'

    def render(self, layout, replaced):
        """layout: paragraphs of items, an item an old sentence id or a new str. Returns (text, spans by id)."""
        out, spans, pos = [], {}, 0
        for i, para in enumerate(layout):
            if i:
                out.append('\n\n')
                pos += 2
            for j, item in enumerate(para):
                if j:
                    out.append(' ')
                    pos += 1
                s = item if isinstance(item, str) else replaced.get(item, self.sentences[item])
                if not isinstance(item, str):
                    spans[item] = (pos, pos + len(s))
                out.append(s)
                pos += len(s)
        return ''.join(out), spans


def words(s):
    """(start, end) of each space-separated word of a sentence."""
    return [(m.start(), m.end()) for m in re.finditer(r'\S+', s)]


class Cases:
    def __init__(self, name, old, new, seed):
        self.name, self.old, self.new = name, old, new
        self.rnd = random.Random(seed)
        self.cases = []

    def add(self, category, start, end, expected, note, successor=None):
        exact = self.old[start:end]
        # every fourth case carries a long context, as W3C clients that grow it until unique send
        n = self.rnd.randint(64, 600) if len(self.cases) % 4 == 3 else STORED_CONTEXT
        selector = {'exact': exact, 'prefix': self.old[max(0, start - n):start],
                    'suffix': self.old[end:end + n], 'start': start, 'end': end}
        case = {'id': f'{self.name}-{len(self.cases) + 1:03d}', 'category': category, 'selector': selector}
        if expected is None:
            case['expected'] = 'orphan'
        else:
            case['expected'] = {'start': expected[0], 'end': expected[1], 'exact': self.new[expected[0]:expected[1]]}
        if successor is not None:
            case['successor'] = {'start': successor[0], 'end': successor[1]}
        case['note'] = note
        self.cases.append(case)

    def write(self):
        d = os.path.join(CORPUS, self.name)
        os.makedirs(d, exist_ok=True)
        for f, t in (('old.txt', self.old), ('new.txt', self.new)):
            with open(os.path.join(d, f), 'w', encoding='utf-8') as out:
                out.write(t)
        with open(os.path.join(d, 'cases.json'), 'w', encoding='utf-8') as out:
            json.dump(self.cases, out, ensure_ascii=False, indent=1)
            out.write('\n')
        return len(self.cases)


def revision(name, text, layout, replaced, light, heavy, fates, seed):
    """A structural revision. fates: id -> category for kept sentences (default 'unchanged')."""
    doc = Doc(text)
    old, old_spans = doc.render(doc.ids, {})
    new, new_spans = doc.render(layout, replaced)
    kept_ids = {i for para in layout for i in para if not isinstance(i, str)}
    cases = Cases(name, old, new, seed)
    for sid, sentence in enumerate(doc.sentences):
        os_, oe = old_spans[sid]
        ws = words(sentence)
        # a sub-span of 2 to 10 words, besides the whole sentence
        k = cases.rnd.randint(2, min(10, len(ws))) if len(ws) >= 2 else 1
        first = cases.rnd.randint(0, len(ws) - k)
        sub = (ws[first][0], ws[first + k - 1][1])
        if sid not in kept_ids:
            cases.add('deleted', os_, oe, None, 'sentence deleted')
            if sub != (0, len(sentence)):
                cases.add('deleted', os_ + sub[0], os_ + sub[1], None, 'part of a deleted sentence')
            continue
        ns, ne = new_spans[sid]
        if sid in light:
            cases.add('rewritten', os_, oe, (ns, ne), 'light rewrite: same claim, a few words changed; expected to follow')
            continue
        if sid in heavy:
            cases.add('rewritten', os_, oe, None, 'heavy rewrite: wording mostly new; expected orphan', successor=(ns, ne))
            continue
        assert new[ns:ne] == sentence
        category = fates.get(sid, 'unchanged')
        cases.add(category, os_, oe, (ns, ne), 'whole sentence')
        if sub != (0, len(sentence)):
            cases.add(category, os_ + sub[0], os_ + sub[1], (ns + sub[0], ns + sub[1]), f'{k} words of the sentence')
    return cases


KEYS = 'qwertyuiopasdfghjklzxcvbnm'
NEIGHBOURS = {c: set() for c in KEYS}
for row in ('qwertyuiop', 'asdfghjkl', 'zxcvbnm'):
    for a, b in zip(row, row[1:]):
        NEIGHBOURS[a].add(b)
        NEIGHBOURS[b].add(a)


def typo(word, rnd):
    """A typing slip inside a word (no space added or removed): swap, drop, double or a neighbouring key."""
    i = rnd.randint(1, len(word) - 2)
    kind = rnd.choice(['swap', 'drop', 'double', 'key'])
    if kind == 'swap' and word[i] != word[i + 1]:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if kind == 'drop':
        return word[:i] + word[i + 1:]
    if kind == 'double':
        return word[:i] + word[i] + word[i:]
    c = word[i].lower()
    if c in NEIGHBOURS and NEIGHBOURS[c]:
        return word[:i] + rnd.choice(sorted(NEIGHBOURS[c])) + word[i + 1:]
    return word[:i] + word[i + 1:]


def typos(name, text, count, seed):
    """The old revision is a draft with typing slips; the new one is the reading as published."""
    doc = Doc(text)
    rnd = random.Random(seed)
    eligible = [sid for sid, s in enumerate(doc.sentences) if any(re.fullmatch(r'[A-Za-z]{5,}', s[a:b]) for a, b in words(s))]
    chosen = sorted(rnd.sample(eligible, min(count, len(eligible))))
    drafted = {}
    slips = {}
    for sid in chosen:
        s = doc.sentences[sid]
        ws = [(a, b) for a, b in words(s) if re.fullmatch(r'[A-Za-z]{5,}', s[a:b])]
        a, b = rnd.choice(ws)
        wrong = typo(s[a:b], rnd)
        drafted[sid] = s[:a] + wrong + s[b:]
        slips[sid] = words(s).index((a, b))
    old, old_spans = doc.render(doc.ids, drafted)
    new, new_spans = doc.render(doc.ids, {})
    cases = Cases(name, old, new, seed)
    for sid in chosen:
        os_, _ = old_spans[sid]
        ns, _ = new_spans[sid]
        ow, nw = words(drafted[sid]), words(doc.sentences[sid])
        assert len(ow) == len(nw)
        w = slips[sid]
        last = len(ow) - 1
        spans = {('whole sentence', 0, last),
                 ('the slip with two words either side', max(0, w - 2), min(last, w + 2)),
                 ('the slip and the four words after it', w, min(last, w + 4)),
                 ('the four words before the slip and the slip', max(0, w - 4), w)}
        for note, i, j in sorted(spans, key=lambda x: (x[1], x[2], x[0])):
            if j - i < 1 and note != 'whole sentence':
                continue  # a one-word quote of a misspelt word is not a passage
            cases.add('typo', os_ + ow[i][0], os_ + ow[j][1], (ns + nw[i][0], ns + nw[j][1]), note)
    return cases


def essay_correction():
    """The instructor corrects the essay's central error: the Red Terror (1918-22) was Lenin's and the
    Cheka's, not Stalin's. Paragraphs are moved and reordered, the passages that only made sense of
    the error are deleted (leaving their look-alikes elsewhere), and a summary repeats two sentences."""
    text = essay_text()
    doc = Doc(text)
    P = doc.ids
    replaced = {
        2: 'The Red Terror, which occurred during the early years of Lenin’s regime, is one of the most notorious examples of the Bolsheviks’ brutal tactics.',
        13: 'The Cheka’s tactics were effective in suppressing opposition, but they also created a climate of fear and mistrust in Soviet society.',
        17: 'Despite the violence and disruption caused by the Red Terror, Lenin continued to promote the campaign as a necessary measure to defend the Soviet state.',
        36: 'It was carried out under the leadership of Vladimir Lenin, who believed that the use of terror was necessary to maintain his power and suppress opposition to the Soviet government.',
        46: 'In conclusion, the Red Terror of 1918–22 was a dark and violent chapter in Soviet history.',
        1: 'The Bolsheviks answered the civil war with hostage-taking, summary executions and the first camps of the Soviet state.',
        11: 'Lenin and Felix Dzerzhinsky, the head of the Cheka, directed the Red Terror from its first decree.',
        38: 'Repression of this kind outlived the civil war and shaped how the Soviet state would treat dissent.',
    }
    light = {2, 13, 17, 36, 46}
    heavy = {1, 11, 38}
    layout = [
        P[0],
        P[2],  # moved up: the Cheka paragraph now follows the introduction
        [3, 'The Red Terror, however, predates his rule.', 4, 5, 6],
        P[3], P[4], P[5],
        [19, 21, 20],  # a sentence moved to the end of its paragraph
        P[8], P[7],  # moved below the paragraph it followed
        # P9, P11 and P12 deleted: they praise or blame Stalin for the Terror; look-alikes remain in P15 and P16
        P[10],
        P[14], P[15], P[13],  # reordered
        P[16], P[17], P[18],
        ['Key points: The Red Terror was marked by widespread violence and brutality.',
         'The Red Terror was one of the most brutal and violent campaigns of repression in modern history.'],
    ]
    fates = {i: 'moved' for i in P[2] + P[7] + [20]}
    fates.update({i: 'reordered' for i in P[13] + P[14] + P[15]})
    fates.update({7: 'ambiguous', 35: 'ambiguous'})
    return revision('essay-correction', text, layout, replaced, light, heavy, fates, seed=1801)


def python_revision():
    """An instructor adapts the reference chapter for a first-year course: the namespace paragraph
    moves up, the list of binding constructs is reordered, version notes and implementation details
    go, a few sentences are reworded, and a summary repeats three sentences near the top."""
    text = python_text()
    doc = Doc(text)
    P = doc.ids
    replaced = {
        2: 'A Python program is built from code blocks.',
        42: 'When a name is not found at all, a "NameError" exception is raised at run time.',
        53: 'The global namespace is always searched first.',
        130: 'The Python interpreter raises an exception when it detects an error at run time (such as a division by zero).',
        137: 'Exceptions are identified by instances of classes.',
        48: 'Because Python has no declarations, a name can be bound anywhere in a block.',
        120: 'Free variables are looked up when the code runs, not when it is compiled.',
        62: 'Importing a module for the first time creates its namespace.',
    }
    light = {2, 42, 53, 130, 137}
    heavy = {48, 120, 62}
    deleted_paragraphs = {51, 52, 64, 76, 77}
    deleted_sentences = {47, 29}
    layout = []
    for i, para in enumerate(P):
        if i in deleted_paragraphs or i in (23, 32, 39):
            continue
        layout.append([s for s in para if s not in deleted_sentences])
        if i == 1:
            layout.append(['In short: When a name is used in a code block, it is resolved using the nearest enclosing scope.',
                           'The global namespace is searched first.',
                           'If only one namespace is specified, it is used for both.'])
        if i == 3:
            layout.append(P[32])  # moved: where a module's namespace comes from, next to the frame
        if i == 6:
            layout.append(P[23])  # moved: what an occurrence of a name refers to, before the list of bindings
        if i == 46:
            layout.append(P[39])  # moved: what annotation scopes are, after how they differ
    # the list of constructs that bind names (paragraphs 8 to 18), reordered by kind
    order = [8, 10, 9, 11, 16, 17, 18, 12, 13, 14, 15]
    start = layout.index(P[8])
    layout[start:start + len(order)] = [P[i] for i in order]
    fates = {i: 'moved' for i in P[32] + P[23] + P[39]}
    fates.update({i: 'reordered' for p in (8, 9, 10, 11, 16, 17, 18, 12, 13, 14, 15) for i in P[p]})
    fates.update({40: 'ambiguous', 126: 'ambiguous'})
    return revision('python-revision', text, layout, replaced, light, heavy, fates, seed=1802)


def main():
    total = 0
    for cases in (essay_correction(), typos('essay-typos', essay_text(), 30, 1803),
                  python_revision(), typos('python-typos', python_text(), 40, 1804)):
        n = cases.write()
        total += n
        by = {}
        for c in cases.cases:
            by[c['category']] = by.get(c['category'], 0) + 1
        print(f'{cases.name}: {n} cases {dict(sorted(by.items()))}')
    print(f'total: {total}')


if __name__ == '__main__':
    main()
