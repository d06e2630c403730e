"""Word lists automatic pull-quote selection reads sentences with, per language.

Closed lists only (pronouns, conjunctions, auxiliaries, a few hundred common
verb forms): they are cheap to match on every sentence of a book, behave the
same on every machine, and each one can be named in the reasons
``essaykit inspect`` prints. Open-class judgement is left to the author's
emphasis and to structure.
"""

from __future__ import annotations

__all__ = [
    "words",
    "ANAPHORA",
    "CONJUNCTIONS",
    "LEANING_PHRASES",
    "REFERRING_LEADS",
    "BACK_WORDS",
    "DEMONSTRATIVES",
    "CONTRAST_WORDS",
    "ABSOLUTE_WORDS",
    "YOU_WORDS",
    "ELSEWHERE_WORDS",
    "ELSEWHERE_PHRASES",
    "HEDGES",
    "HEDGE_PHRASES",
    "META_PHRASES",
    "CJK_ANAPHORA",
    "CJK_CONJUNCTIONS",
    "CJK_ELSEWHERE",
    "CJK_CONTRAST",
    "CJK_ABSOLUTE",
    "CJK_YOU",
    "CJK_EXPLAINS",
    "EN_FINITE",
    "EN_SUBJECTS",
    "EN_DETERMINERS",
    "EN_PREPOSITIONS",
    "EN_RELATIVES",
    "FR_FINITE",
    "FR_SUBJECTS",
    "FR_DETERMINERS",
]


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Openings that lean on the sentence before: a pull quote stands alone.
ANAPHORA: dict[str, frozenset[str]] = {
    "en": words(
        "this that these those it its it's they them their he she his her which also "
        "such here there's here's another both let's"
    ),
    "fr": words("ce cela ceci ça cette ces il elle ils elles lui leur aussi"),
    "de": words("das dies diese dieser dieses es er sie ihr ihre auch"),
    "ar": words("هذا هذه ذلك تلك هؤلاء هو هي هم هن وهذا وهذه وهو وهي لذلك"),
    "fa": words("این آن اینها آنها او ایشان همین همان"),
}
CONJUNCTIONS: dict[str, frozenset[str]] = {
    "en": words(
        "but and so or yet then thus hence still however moreover furthermore therefore "
        "instead besides meanwhile otherwise similarly likewise finally plus especially even "
        "first second third firstly secondly lastly next"
    ),
    "fr": words("mais et donc ou puis pourtant cependant ensuite enfin alors"),
    "de": words("aber und also oder doch dann jedoch"),
    # Arabic writes "and" (و) and "so" (ف) joined to the next word.
    "ar": words("لكن ولكن لكنّ بل و ف ثم ثمّ إذن أيضا أيضاً كما وكذلك فإن وإن حيث"),
    "fa": words("اما ولی و پس بنابراین همچنین ضمنا سپس"),
}
LEANING_PHRASES = (
    "what's more", "on the other hand", "in other words", "that said", "in summary", "in short",
    "to sum up", "as a result", "in addition", "for example", "for instance", "in fact", "most importantly",
    "more importantly",
)  # fmt: skip
#: "When that happens", "Because of this", "In its ...": a reference back in
#: the first words.
REFERRING_LEADS = words(
    "when because after before in for all despite given with like of by from on at as if "
    "since though although while without due besides"
)
BACK_WORDS = words("this that these those it its them their which")
DEMONSTRATIVES = words("this that these those")
#: Chinese and Japanese write no spaces: openings are matched as prefixes.
CJK_ANAPHORA = (
    "这", "那", "它", "他", "她", "此", "其", "该",
    "この", "その", "それ", "これ", "あの", "彼", "そこ", "そう", "そんな", "こう", "こんな",
)  # fmt: skip
CJK_CONJUNCTIONS = (
    "但", "而", "所以", "因此", "而且", "并且", "然而", "不过", "可是",
    "因为", "例如", "比如", "另外", "此外", "同时", "于是",
    "しかし", "でも", "だから", "そして", "また", "それで", "ただ", "なので", "つまり",
    "特に", "さらに", "例えば", "一方", "なぜなら",
)  # fmt: skip
#: Japanese endings that give the reason for the sentence before ("... からだ。").
CJK_EXPLAINS = ("からだ", "からである", "ためだ", "ためである")
CJK_ELSEWHERE = (
    "上面", "下面", "以下", "如下", "上述", "下図", "上記", "次の", "後述", "前述",
    "いまから", "今から", "これから書", "本文", "本周", "本期",
)  # fmt: skip
#: What makes an English sentence striking has CJK counterparts: negation
#: and contrast, absolutes, the reader addressed.
#: Chinese single characters (不, 最) are left out: they are parts of
#: ordinary words (不舒服 "uncomfortable", 最近 "recently"), as "un-" is in English.
CJK_CONTRAST = (
    "ない", "ません", "ではなく", "じゃなく",
    "不是", "而是", "并非", "没有", "不会", "不能", "不要", "不必", "从不", "却",
)  # fmt: skip
CJK_ABSOLUTE = (
    "すべて", "全て", "いつも", "必ず", "決して", "一番", "最も", "誰も",
    "总是", "永远", "所有", "一切", "绝不", "最好", "最大", "最重要", "每个",
)  # fmt: skip
CJK_YOU = ("あなた", "君", "きみ", "你", "您")

CONTRAST_WORDS = words(
    "not never nobody nothing instead rather unlike without only isn't aren't don't "
    "doesn't can't won't less more than"
)
ABSOLUTE_WORDS = words("always every everyone everything best worst most")
YOU_WORDS = words("you your yours yourself you're you've you'll")
ELSEWHERE_WORDS = words("following below above earlier aforementioned see")
ELSEWHERE_PHRASES = (
    "as follows",
    "here's",
    "as mentioned",
    "later in",
    "this post",
    "this article",
)
#: A pull quote asserts; hedged sentences read weakly set large.
HEDGES = words("probably maybe perhaps might possibly arguably somewhat likely")
HEDGE_PHRASES = ("i think", "i suspect", "i believe", "i guess", "it seems", "sort of", "kind of")
#: Sentences about the post rather than its argument.
META_PHRASES = (
    "thanks to", "thank you", "subscribe", "newsletter", "follow me", "originally published",
    "cross-posted", "update:", "edit:", "disclaimer", "please visit", "sign up",
)  # fmt: skip

# ----------------------------------------------------------- finite verbs

#: English words that are (almost) always a finite verb, or that an English
#: clause needs one near: auxiliaries, modals, their contractions, and the
#: commonest verbs in their present and past forms. A sentence with none of
#: these, no ``-ed`` word and no subject pronoun before a word is a candidate
#: for a verbless fragment; see :mod:`.pullquote_fragments`.
EN_FINITE = words(
    """am is are was were be been has have had do does did can could will would shall should
    may might must cannot can't won't isn't aren't wasn't weren't hasn't haven't hadn't don't
    doesn't didn't couldn't wouldn't shouldn't mustn't ain't needn't
    say says said go goes went get gets got make makes made know knows knew think thinks
    thought take takes took see sees saw come comes came want wants give gives gave use uses
    find finds found tell tells told ask asks work works seem seems feel feels felt try tries
    leave leaves left call calls keep keeps kept let lets begin begins began show shows hear
    hears heard play plays run runs ran move moves live lives believe believes hold holds held
    bring brings brought happen happens write writes wrote sit sits sat stand stands stood
    lose loses lost pay pays paid meet meets met mean means meant need needs become becomes
    became tend tends matter matters lead leads led build builds built spend spends spent
    grow grows grew win wins won sell sells sold send sends sent fall falls fell understand
    understands understood speak speaks spoke read reads break breaks broke choose chooses
    chose forget forgets forgot teach teaches taught catch catches caught fight fights fought
    buy buys bought wear wears wore drive drives drove eat eats ate rise rises rose
    look looks help helps turn turns start starts put puts set sets stop stops love loves
    hate hates like likes care cares remain remains stay stays wait waits fail fails ship
    ships beat beats belong belongs depend depends exist exists"""
)
EN_SUBJECTS = words("i we they he she you it who")
EN_DETERMINERS = words(
    """a an the this that these those my your our their his her its some many more most few
    fewer every each all no any several both regular good great bad new old other such
    one two three four five"""
)
EN_PREPOSITIONS = words(
    """not just of in on at by for from with without to into onto over under about across
    through between among against toward towards like unlike than via per after before
    during since until upon within beyond despite"""
)
#: Words that open a relative clause after a noun ("syncs where ...").
EN_RELATIVES = words("where which who whom whose")

FR_FINITE = words(
    """est sont était étaient sera seront serait seraient fut suis es sommes êtes ai as a
    avons avez ont avait avaient aura auront aurait peut peux peuvent pouvait doit doivent
    devait faut fallait fait font faisait va vont allait vais sait savent savait dit disent
    disait veut veulent voulait voit voient prend prennent vient viennent reste restent
    semble semblent devient deviennent n'est n'a n'ont c'est s'est"""
)
FR_SUBJECTS = words("je j' tu il elle on nous vous ils elles c' ce qui")
FR_DETERMINERS = words(
    """le la les l' un une des du au aux ce cet cette ces mon ma mes ton ta tes son sa ses
    notre nos votre vos leur leurs chaque tout toute tous toutes quelques plusieurs"""
)
