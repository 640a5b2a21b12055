/**
 * Word lists for the computed analyses. Words are lowercase and match the tokens of tokenize.ts
 * (clitics joined: "i'm", "don't"; hyphenated compounds kept: "mm-hmm"). The category lists are our
 * own, in the spirit of Pennebaker's LIWC categories (not the licensed LIWC dictionary), written out
 * word by word: prefix wildcards catch too much in speech ("win*" would count "window").
 */

const words = (list: string): string[] => list.trim().split(/\s+/);

/** Spoken fillers and backchannels: words that carry no content in a transcript. */
export const FILLERS: ReadonlySet<string> = new Set(
  words(`
  um umm uh uhm uh-huh uh-uh erm er ah aha eh hmm hm hmmm mm mmm mm-hmm mm-hm mhm huh oh ooh ah-ha
  yeah yea yep yup yes yah nope okay ok kay 'kay alright right like gonna wanna gotta kinda sorta dunno
  y'know ya whoa wow anyway anyways well so just actually basically really literally totally
  `),
);

/**
 * Function words, fillers and the vague words of speech ("thing", "think", "sort of") that say
 * nothing about what a meeting is about; removed before keywords, topics and summary scoring.
 */
export const STOPWORDS: ReadonlySet<string> = new Set([
  ...FILLERS,
  ...words(`
  a about above after again against all almost also although always am among an and another any anybody
  anyone anything anywhere are aren't around as at away back be became because become been before being
  below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't done
  down during each either else enough etc even ever every everybody everyone everything exactly except few
  for from further get gets getting got gotten had hadn't has hasn't have haven't having he he'd he'll he's
  her here here's hers herself him himself his how how's however i i'd i'll i'm i've if in inside instead
  into is isn't it it'd it'll it's its itself just least less let let's lot lots many may maybe me might
  mine more most much must mustn't my myself neither never no nobody none nor not nothing now nowhere of
  off often on once one ones only onto or other others otherwise ought our ours ourselves out over own
  per perhaps please quite rather same shall shan't she she'd she'll she's should shouldn't since so some
  somebody someone something sometimes somewhat somewhere soon still such than that that'd that'll that's
  the their theirs them themselves then there there'd there'll there're there's these they they'd they'll
  they're they've thing things this those though through thus till to together too toward towards under
  unless until up upon us very via was wasn't we we'd we'll we're we've were weren't what what's whatever
  when whenever where where's whereas wherever whether which while who who's whoever whole whom whose why
  will with within without won't would wouldn't yet you you'd you'll you're you've your yours yourself
  yourselves cause 'cause cuz coz ain't gonna wanna gotta

  think thinks thought know knows knew known mean means meant guess say says said saying see sees saw
  seen look looks looked looking go goes going went gone come comes came coming make makes made making
  take takes took taking want wants wanted need needs needed put puts give gives gave tell told try tried
  trying use used using way ways kind sort bit stuff something guys guy fine good great nice sure true
  pretty probably possibly certainly definitely obviously anyway course fact point question idea case
  yeah mean talk talking talked stuff start started whatever else sense able little big lot new old
  first second third last next time times today day now different better best keep kept understand ask
  asked part parts call called feel felt find found remember happen happened wait bunch example problem
  problems issue issues basically whatnot anymore add added people work works worked working term terms

  zero two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen
  seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand
  `),
]);

/** First-person singular. */
export const FIRST_SINGULAR: ReadonlySet<string> = new Set(words(`i me my mine myself i'm i've i'd i'll`));

/** First-person plural; "let's" is "let us". */
export const FIRST_PLURAL: ReadonlySet<string> = new Set(
  words(`we us our ours ourselves we're we've we'd we'll let's`),
);

/** Second person. */
export const SECOND_PERSON: ReadonlySet<string> = new Set(
  words(`you your yours yourself yourselves you're you've you'd you'll y'all ya`),
);

export const NEGATIONS: ReadonlySet<string> = new Set(
  words(`
  no not never none nobody nothing nowhere neither nor cannot n't ain't aren't can't couldn't didn't
  doesn't don't hadn't hasn't haven't isn't mustn't needn't shan't shouldn't wasn't weren't won't wouldn't
`),
);

/** Words of conviction (after LIWC "certain"); a negated one ("not sure") counts as tentative. */
export const CERTAINTY: ReadonlySet<string> = new Set(
  words(`
  absolute absolutely always certain certainly clear clearly complete completely conclusive confident
  definite definitely essential evident exact exactly fact facts forever fundamental fundamentally
  guarantee guaranteed inevitable inevitably indeed must necessarily never obvious obviously perfect
  perfectly positive positively precise precisely proof prove proven sure surely total totally truly
  truth undeniable undeniably undoubtedly unquestionably wholly
`),
);

/** Hedges (after LIWC "tentative"). */
export const TENTATIVE: ReadonlySet<string> = new Set(
  words(`
  almost apparent apparently appear appears appeared approximate approximately assume assumed assuming
  barely depend depends depending doubt doubtful doubts dubious fairly guess guessing guessed hesitant
  hope hoped hopefully likely maybe might perhaps possible possibly presumably probable probably
  roughly seem seems seemed somehow somewhat sometime sometimes suppose supposedly tentative
  tentatively uncertain unclear undecided unknown unlikely unsure vague vaguely wonder wondered
  wondering
`),
);

/** Positive emotion; leaves out "like", "well" and "pretty", which speech uses as fillers. */
export const POSITIVE_EMOTION: ReadonlySet<string> = new Set(
  words(`
  amazing awesome beautiful best better brilliant calm care cheer cheerful comfortable cool delight
  delighted delightful enjoy enjoyed enjoying enjoyable excellent excited exciting fantastic favorite
  favourite fine fun funny glad good great happy happily happiness helpful hope hopeful impressed
  impressive interested interesting joy love loved lovely loving lucky nice perfect pleasant pleased
  pleasure proud relaxed safe satisfied smart success successful super sweet terrific thank thanks
  thankful thrilled useful win wins winner winning wonderful
`),
);

export const NEGATIVE_EMOTION: ReadonlySet<string> = new Set(
  words(`
  afraid anger angry annoy annoyed annoying anxious anxiety ashamed awful awkward bad boring bother
  bothered complain complained complaint confused confusing crap cry damn danger dangerous depressed
  depressing disappoint disappointed disappointing disgusting dislike dumb embarrassed embarrassing
  fail failed failing failure fear feared frustrated frustrating frustration hate hated horrible hurt
  hurts irritated irritating mad mess messy miserable nervous pain painful panic sad sadly scared scary
  shocked sorry stressed stressful stupid suck sucks terrible terribly threat tired ugly unfortunate
  unfortunately unhappy upset weird worried worry worrying worse worst wrong
`),
);
