"""Free text with the shape of real writing, for sample journals.

Real reflective writing has a long tail: a few words ("the", "I", "visit")
in nearly every entry and thousands that turn up once in a while. The search
index's size and speed depend on that shape, so sample answers draw words
from a vocabulary of several thousand with a Zipf-like frequency (the word at
rank r is about 1/r as common as the most common one).

The head of the vocabulary is ordinary English and social work's own words,
most common first. The tail is invented: pronounceable made-up words built
from syllables with a fixed seed, so no real name, place or case detail can
appear and the same seed always gives the same text.
"""

from __future__ import annotations

import itertools
import random
from bisect import bisect
from functools import cache

# Most common first: the order sets each word's frequency.
_HEAD_TEXT = """
the and to I a of was that in it with for she he they we about had her this
not on but at be is have said what his as when so their them would if there
mum been were or from more one felt time by my visit all me think how who
children child school home which did could family again an felt out today
then up no just about some talked plan next like because also know over
still seemed asked wanted before after very much home worker where need
parent father mother baby week being other than into only any those these
while since each both through many most well back two first last even little
long right sure care help making things quite something feel made going come
came see saw told tell let give gave kept keep work working concerns worried
safe safety support meeting review conference contact house room kitchen
garden door table bed floor stairs window car street morning afternoon
evening night day days weeks month months year years school teacher health
visitor nurse doctor police housing manager team supervision supervisor
colleague office notes record recording assessment plan plans agreement
agreed decision decided judgement risk risks harm strengths worries hope
hopeful tired upset angry quiet calm anxious relieved unsure uneasy
frustrated moved honest open closed guarded warm relationship trust listen
listened listening heard hear voice view views direct alone together partner
grandmother grandfather aunt uncle sister brother eldest youngest teenager
toddler infant carer kinship foster attendance sleep bedtime food meals
money rent benefits debt damp repairs drinking alcohol drugs smoking
violence argument arguments shouting police court order proceedings letter
phone call message text email referral early help hub centre clinic
appointment appointments missed attended change changes changed different
same new old better worse good bad hard easy difficult small big whole half
part parts most least enough less play played playing toys drawing drawings
book books television phone clean cluttered messy tidy cold warm smell dog
cat pets bedroom bathroom talk talking spoke speak said says saying
explained explain asked asking noticed notice seemed seem looked look
looking felt feeling feelings think thought thinking wonder wondered
remember remembered forget forgot understand understood learn learned
learning try tried trying wanted want should must might may can will shall
cannot never always often sometimes usually rarely already soon later
earlier now then here there why how because although though unless until
whether however perhaps maybe really almost nearly quite rather very too
also only just even still yet again
"""
_HEAD = _HEAD_TEXT.split()

_ONSETS_TEXT = """
b br c ch d f fl g gr h j k l m n p pl r s sh st t th tr v w y z
"""
_ONSETS = _ONSETS_TEXT.split()
_VOWELS_TEXT = """
a e i o u a e i o ai ea oo
"""
_VOWELS = _VOWELS_TEXT.split()
_CODAS = ("", "", "", "", "n", "r", "l", "m", "s", "t", "nd", "st", "ck")
_ENDINGS = ("", "", "", "", "", "ing", "ed", "er", "ly", "ness", "s", "ish")

VOCABULARY_SIZE = 6_000


def _invented_word(rng: random.Random) -> str:
    syllables = rng.choice((1, 2, 2, 2, 3))
    word = "".join(
        rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS) for _ in range(syllables)
    )
    return word + rng.choice(_ENDINGS)


@cache
def vocabulary() -> tuple[str, ...]:
    """The sample's words, most common first: ordinary words, then invented ones."""
    words = list(dict.fromkeys(_HEAD))
    seen = set(words)
    rng = random.Random(20261126)
    while len(words) < VOCABULARY_SIZE:
        word = _invented_word(rng)
        if 3 <= len(word) <= 12 and word not in seen:
            seen.add(word)
            words.append(word)
    return tuple(words)


@cache
def _cumulative_weights() -> tuple[float, ...]:
    # Zipf's law with exponent 1: the word at rank r weighs 1/r.
    return tuple(itertools.accumulate(1.0 / rank for rank in range(1, VOCABULARY_SIZE + 1)))


def zipf_words(rng: random.Random, count: int) -> list[str]:
    """``count`` words drawn from the vocabulary with Zipf-like frequency."""
    words = vocabulary()
    cumulative = _cumulative_weights()
    total = cumulative[-1]
    last = len(words) - 1
    return [words[min(bisect(cumulative, rng.random() * total), last)] for _ in range(count)]


def free_sentence(rng: random.Random) -> str:
    """One sentence of long-tailed words, capitalised and ended with a full stop."""
    words = zipf_words(rng, rng.randint(5, 16))
    if rng.random() < 0.25:
        cut = rng.randrange(2, len(words) - 2)
        words[cut] += ","
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def answer_length(rng: random.Random) -> tuple[int, ...]:
    """How many sentences in each paragraph of one answer.

    Most answers are a sentence or two, about a quarter one paragraph of
    three to five, and one in twelve two or three such paragraphs: about 300
    words an entry, as a worker writes after a visit.
    """
    roll = rng.random()
    if roll < 0.67:
        return (rng.randint(1, 2),)
    if roll < 0.92:
        return (rng.randint(3, 5),)
    return tuple(rng.randint(2, 5) for _ in range(rng.randint(2, 3)))
