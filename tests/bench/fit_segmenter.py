"""Refit the dump segmenter's weights (run on demand, needs numpy) on at most two publishers.

    python tests/bench/fit_segmenter.py            # fit both stages, print dev figures
    python tests/bench/fit_segmenter.py --write    # ... and rewrite reader/core/ingest/segment/weights.json
    python tests/bench/fit_segmenter.py --fit wikinews,cnn --write --out /tmp/w.json   # another pair
    python tests/bench/bench_segmentation.py --weights /tmp/w.json --seeds 4 --publishers reuters politico

Training dumps come from tests/core/publishers.py, built only from the
publishers given by ``--fit`` (default FIT_PUBLISHERS, Wikinews and Politico: an encyclopaedic
citizen-news style and a 2016 web publisher, chosen by the protocol below; until then
Wikinews and Reuters, a 1987 newswire), in every cell the benchmark uses: both line
styles, headlines kept for half the stories or none, random or same-subject
order, synthetic clutter and real clutter lines from the fitting half of the
sites. Seeds: gap scorer 1000+, story pass 3000+ (where the gap scorer is out
of sample), thresholds chosen on 2000+; the benchmark uses 100+.

Choosing the fitting pair (issue 13 allows any two publishers; written before any pair was
scored). Candidates are the pairs of CANDIDATES (Wikinews, Reuters, CNN, Politico), all six,
each fitted with the same recipe (synthetic conventions and subheads, real clutter from the
fitting half of the sites; the run-together Wikinews dumps only when Wikinews is in the pair).
Each pair is scored by bench_segmentation.py (seeds 100+, 4 dumps per cell, 32 per publisher)
ONLY on the two candidates it leaves out. Pairs leave out different publishers, and the
publishers differ in difficulty, so a pair's selection score is the mean over its two
left-out publishers of its ±1 F1 there minus the mean ±1 F1 there of every pair that also
leaves that publisher out (three pairs each): each pair is compared only with pairs that did
not see the publisher either. The shipped weights are printed beside each pair on the same
publishers. The pair with the highest score is chosen (within 0.005, the one with the higher
worst-dump mean). ABC and the sites are not scored until the choice is made; then the full
matrix once, chosen pair against the shipped weights, and the chosen pair is kept only if
ABC and sites both rise in mean ±1 F1 with their worst dumps not lower, and the mean over
every publisher the new pair leaves out rises against the shipped weights.

Selection (this round; seeds 100+, 32 dumps per publisher, ±1 F1 mean / worst on the two left-out
candidates; "shipped" is weights.json, itself fitted on Wikinews + Reuters, so its rows for those
two are fitted-on rows; score = mean gain over the other pairs that also leave the publisher out;
the six fits ran on today's features, so the Wikinews + Reuters refit is not the shipped file):

    pair               left out: pair                       shipped, same     score    worst mean
    wikinews,reuters   cnn .767/.635  politico .702/.473    .758/.629 .710/.542   +0.0137  0.554
    wikinews,politico  reuters .765/.533  cnn .753/.625     .786/.516 .758/.629   +0.0092  0.579
    reuters,cnn        wikinews .746/.521  politico .687/.491  .810/.585 .710/.542  -0.0002  0.506
    reuters,politico   wikinews .754/.495  cnn .742/.643    .810/.585 .758/.629   -0.0018  0.569
    wikinews,cnn       reuters .744/.561  politico .674/.481  .786/.516 .710/.542  -0.0077  0.521
    cnn,politico       wikinews .737/.500  reuters .728/.509  .810/.585 .786/.516  -0.0132  0.504

Wikinews + Politico is within 0.005 of the top score with the higher worst-dump mean, so by the
rule above it is the chosen pair. No web pair does well on the other web publisher: every pair
with CNN scores Politico below the Wikinews + Reuters refit (.674, .687 against .702), mostly in
the same-subject cells (titled, sentences: .612 / .629 against .685), and the two pairs with
Politico score CNN .753 and .742 against .767. Fit dev ±1 F1 (both passes) is lower with a web
publisher in the pair (cnn,politico .779, wikinews,politico .774 against .831): web dumps are
harder, not a sign of a worse model.

Final matrix, run once after the choice (bench_segmentation.py, seeds 100+, 16 dumps each; ±1
F1 mean / worst, exact-line F1, Pk), shipped Wikinews + Reuters weights -> Wikinews + Politico:
Wikinews (fitted both) 0.809/0.623 .794 .114 -> 0.813/0.595 .797 .120; Reuters (fitted, then
held out) 0.758/0.516 .740 .182 -> 0.753/0.533 .737 .176; Politico (held out, then fitted)
0.730/0.559 .681 .173 -> 0.734/0.535 .685 .178; CNN 0.764/0.629 .729 .158 -> 0.759/0.625 .721
.174; ABC 0.711/0.514 .660 .193 -> 0.730/0.535 .679 .179; sites 0.683/0.494 .563 .184 ->
0.699/0.549 .575 .185. By cell, same-subject without headlines / titled (mean of the titled
cells): ABC 0.571 -> 0.599 / 0.730 -> 0.758, sites 0.607 -> 0.620 / 0.712 -> 0.730, CNN 0.722
-> 0.723 / 0.772 -> 0.768, Reuters 0.617 -> 0.596 / 0.786 -> 0.792. The rule is met (ABC and
sites up, worst dumps up; mean over the four publishers the new pair leaves out 0.729 ->
0.735 though the shipped weights were fitted on one of them), so Wikinews + Politico ships.
Gains are small against the noise of 16 dumps: a check at 32 dumps (seeds 100-103, after the
decision, not used for it) gives ABC 0.714/0.514 -> 0.721/0.535, sites 0.684/0.457 ->
0.691/0.541, CNN 0.758 -> 0.753. ABC and the sites scored for every pair, after the choice,
report only: ±1 F1 mean ABC / sites: wikinews,reuters refit 0.710 / 0.683, wikinews,cnn
0.713 / 0.663, reuters,cnn 0.723 / 0.663, reuters,politico 0.734 / 0.679, wikinews,politico
0.730 / 0.699. The answer to "is the weak transfer the fitting pair's fault?" is: a little.
Pairs with Politico do best on the unseen web publishers, pairs with CNN do no better than
Wikinews + Reuters, and no pair moves any held-out publisher by more than about 0.02.

Both stages are L2-regularised logistic regressions fitted by Newton steps
on standardised features; the label of a gap is whether the paragraph after
it is the first paragraph of a gold article. numpy is needed here only: at
run time the weights are plain JSON.

Tried and dropped (commit 2f14409): a LightGBM gap scorer on the same
features (100 trees, 63 leaves, depth 8; exported as node arrays, evaluated
with numpy). On the fitting publishers' dev dumps it won (first pass 0.822
-> 0.860, both passes 0.827 -> 0.864), and trained on one fitting publisher
it beat the logistic on the other (0.813 -> 0.829, 0.686 -> 0.697), but on
the held-out publishers ±1 F1 fell: Politico 0.721 -> 0.696, CNN 0.727 ->
0.675, ABC 0.709 -> 0.693, sites 0.680 -> 0.667 (fitted-on rows rose: 0.810
-> 0.853, 0.769 -> 0.787). The cross-publisher check inside the fitting pair
did not predict transfer to web publishers. Also dropped: a names-only
cosine of the windows either side of a gap (hinges at 0.02, 0.1) moved dev
±1 F1 by -0.002 (first pass) and +0.004 (both passes), inside the threshold
tolerance.

Tried and not merged (branch ``segment3``, commit c9fae3b): a lead detector and
an ending detector (logistic models on the words at each end of a paragraph,
names and numbers reduced to their shape, words kept only if both fitting
publishers use them; cross-fitted, so the gap scorer never saw odds for text
the detector was fitted on) as three gap features. Lead AUC across the fitting
pair 0.875 / 0.806, ending AUC 0.505 / 0.531 (endings do not transfer). Dev ±1
F1 0.827 -> 0.859, fitted-on rows 0.810 -> 0.889 and 0.769 -> 0.816, but held
out: Politico 0.721 -> 0.715, CNN 0.727 -> 0.766, ABC 0.709 -> 0.727, sites
0.680 -> 0.676, with the worst dumps lower (Politico 0.554 -> 0.500, sites
0.512 -> 0.475) and the same-subject cells without headlines, the ones it was
for, lower held out (0.590 -> 0.574 averaged) while they rose on the fitting
publishers (0.633 -> 0.733): the lead model learns how Wikinews and Reuters
write a lead. Subhead features with synthetic subheads in training raised a
subhead dev set 0.762 -> 0.832 but cost the plain dev set 0.011.

Kept (branch ``segment4``): subhead evidence at headline-shaped lines
(gaps._subhead_evidence) plus surname callbacks and new full names, trained
with subheads in 30% of fitting stories (both passes: plain dev 0.8276 ->
0.8267, subhead dev 0.7472 -> 0.8047; held out CNN 0.726 -> 0.764, Politico
0.723 -> 0.730, ABC 0.710 -> 0.708, sites 0.676 -> 0.682). Headlines are
still not trusted more: heading_overlap lost its weight (5.26 -> 0.0; the
synthetic subheads echo the paragraph below, as headlines echo their lead)
and the titled held-out cells stayed at 0.744 -> 0.741. Tried and dropped
there: the same features without subheads in training (plain dev 0.8364,
subhead dev 0.7514, but held out CNN 0.726 -> 0.678: with only headlines to
learn from, a heading followed by surnames already named means a same-subject
neighbour, h_callbacks +5.1, the reverse of a web subhead); subheads in 50%
of stories (plain 0.8246, subhead 0.8082); an appositive introduction of a
person the story has not named ("Jane Roe, a lawyer for ...", cues.APPOSITIVE
on the first sentence): plain 0.8267 -> 0.8297, subhead 0.8047 -> 0.8058,
inside the tolerance, and held out flat (Politico 0.730 -> 0.723, CNN 0.764
-> 0.773, ABC 0.708 -> 0.707, sites 0.682 -> 0.679).

Tried and dropped (branch ``segment5``; fit_gap_trees.py, same dumps and recipe, story pass
refitted per variant): non-linear gap scorers over the SAME features. Plain dev ±1 F1 first pass /
both passes (subhead dev both passes): the logistic model 0.8171 / 0.8267 (0.8047); with ten
crosses of the headline cue with cohesion and new-name cues (heading × low_sim, intros,
new_full_name, introduced, far_novelty, fwd_minus_back>0, and three-way heading × low_sim ×
intros / new_full_name / lead / callbacks) 0.8163 / 0.8293 (0.8051); scikit-learn
HistGradientBoosting, 200 trees of depth 3 / 8 leaves, learning rate 0.1, L2 10, 200 gaps a
leaf, count chosen by dev log-loss (still falling at 200) 0.8409 / 0.8461 (0.8358); depth 2
0.8347 / 0.8413; learning rate 0.05, 500 a leaf, half the features a split 0.8257 / 0.8366;
depth 3 with monotonic constraints (less shared vocabulary, new names, dateline, lead never
count against a start) 0.8351 / 0.8428 (0.8315); interactions only among the headline and
cohesion/name cues 0.8232 / 0.8368; both constraints 0.8247 / 0.8314. Held out (seeds 100+,
±1 F1 mean / worst), logistic -> crosses -> trees depth 3 -> monotonic trees: Politico
0.730/0.559 -> 0.722/0.567 -> 0.718/0.613 -> 0.716/0.576; CNN 0.764/0.629 -> 0.771/0.629 ->
0.738/0.643 -> 0.756/0.643; ABC 0.708/0.514 -> 0.709/0.507 -> 0.723/0.533 -> 0.731/0.557; sites
0.682/0.494 -> 0.685/0.494 -> 0.685/0.537 -> 0.703/0.524 (fitted rows: trees 0.808 -> 0.819,
0.758 -> 0.786; monotonic 0.814, 0.784). Neither tree model passes the bar (held-out mean up on
3 of 4 publishers, average gain >= 0.01): depth 3 averages -0.005 (up on ABC, sites), the
monotonic trees +0.006 (up on ABC +0.023, sites +0.021; down on Politico -0.014, CNN -0.008),
with titled cells up (monotonic: ABC 0.730 -> 0.757, sites 0.709 -> 0.738). The trees raise
every worst dump and the same-subject cells without headlines on ABC (0.561 -> 0.600) and
Politico (0.619 -> 0.631), but lose the easy cells (random order, no headlines: Politico
0.790 -> 0.730, CNN 0.791 -> 0.756) that rose on the fitting publishers' dev dumps: again
what the fitting pair rewards does not transfer. The crosses
are inside the tolerance on dev and flat held out (mean gain +0.001). Scoring cost measured
(bench_gap_scoring.py --mb 10, CPU in one run): linear 2.0% of ingest, trees 3.2%. The
numpy tree evaluator, the decoder's ``trees``/``crosses`` keys and the fitting script stay on
branch ``segment5``, not on main, since the shipped weights would not use them.

Kept (branch ``ends7``): ending lines (cues.is_ending: credits plus corrections, update notes,
"originally appeared on", contact sign-offs, image credits, author bios), read at a gap as
``ending_here`` (the paragraph after the gap is one), ``ending_ahead`` (one of the two after it
is) and a broadened ``credit_above`` (one above, or a headline-shaped one waiting above the
lead); the fitting dumps give 40% of the stories with conventions one of these lines
(publishers._ending). Weights: ending_here -7.22, ending_ahead -2.97, credit_above 6.29 -> 5.64.
Plain dev ±1 F1 first pass 0.7600 -> 0.7573, both passes 0.7736 -> 0.7739; subhead dev 0.7224
-> 0.7266, 0.7438 -> 0.7461 (the dev text has few ending lines). Held out once (seeds 100+, 32
dumps each; ±1 F1 mean / worst, exact-line F1, Pk), before -> after: Reuters 0.765/0.533 .749
.166 -> 0.773/0.552 .756 .160; CNN 0.753/0.625 .716 .181 -> 0.782/0.648 .756 .157; ABC
0.721/0.535 .661 .184 -> 0.736/0.516 .686 .174; sites 0.688/0.541 .562 .189 -> 0.705/0.568
.589 .176 (fitted: Wikinews 0.809 -> 0.811, Politico 0.721 -> 0.725). The bar (exact-line F1
up on CNN, ABC and the sites, ±1 F1 down nowhere by more than 0.005) is met; ABC's worst dump
fell 0.535 -> 0.516.

Round ``seg9`` (the hard cells; nothing shipped). Measured first, on the fitting side only (dev
dumps, seeds 2000+, fitting half of the real clutter):
(c) The decoder. ``segment_oracle.py`` on Politico's dev dumps (16, pooled ±1 F1
of lead paragraphs): shipped 0.711; top-k gaps by story-pass score with k the TRUE number of
starts 0.716; the dynamic programme at the threshold giving k starts 0.720; each dump's own best
threshold (upper bound of any per-dump calibration) 0.747. Both fitting publishers (36 dumps):
0.763 / 0.779 / 0.780 / 0.803. Knowing the story count buys 0.005-0.017, a perfect per-dump
threshold 0.036-0.040: far from the 0.95 target, so the evidence is the lever, not the decoder.
(a) Titled cells lose to false starts, not at their headlines: in Politico's random-order titled
dev dumps 86 of 89 titled starts are found (83 on the line), and the F1 goes to 56 false starts
(4 dumps). Of 171 false starts over all cells, 127 are mid-story and 95 fall in stories of more
than 25 paragraphs (118 of 640 stories): long stories cut in two. The halves' whole-story cosine
does not flag them (median 0.10 at false starts, 0.07 at true ones, 0.19 at missed ones). Where
titled starts ARE missed is the same-subject cells: 20 of 83, at headline lines the gap scorer
barely trusts (heading +0.70): training puts ~19 synthetic subheads in every dump, titled or not.
(b) Cues, P(start | cue) / base rate and share of starts covered, Politico dev (10,381 gaps, base
0.059; "near": gaps within 2 of the story-pass threshold, base 0.248): a paragraph opening with a
full name then a verb or comma 6.2x / 41% (near 2.6x), Wikinews 2.2x / 12% (near 1.3x); "on
<weekday>" in the first 20 words 6.0x / 16% (near 2.3x); time words in the first sentence (the
``lead`` cue) 3.0x / 49% (near 1.2x); role then name ("Senate Minority Leader Harry Reid") 4.7x /
10%; previous paragraph a quote with attribution 1.6x / 21%, ending in "said" 1.1x / 5%, a
forward-looking "will" in its last sentence 1.1x / 14%, shorter than 20 words 1.5x / 31%; a long
paragraph (> 35 words) 0.7x; "Name, a/the ..." appositive 1.6x / 2%.
Tried (held out once each, seeds 100-103, 32 dumps; ±1 F1 mean, Reuters / CNN / ABC / sites;
before 0.773 / 0.782 / 0.736 / 0.705, mean 0.749, worst 0.552 / 0.648 / 0.516 / 0.568):
1. A dump-level calibration of the headline cue in the story pass (commit 78369b4): ``heading``
   and ``heading*share``, share = the first pass's chosen share of the dump's OTHER headline
   lines (smoothed by half a line); over training dumps it correlates 0.71 with the true share.
   Plus a gap cue ``name_opening`` (above). Dev both passes 0.7739 -> 0.7871 (story pass alone
   0.7799), subhead dev 0.7461 -> 0.7601. Held out 0.778 / 0.796 / 0.741 / 0.688 (mean 0.751;
   sites worst 0.568 -> 0.525): same-subject cells up (titled: Reuters 0.704 -> 0.730, ABC 0.679
   -> 0.709; CNN untitled 0.757 -> 0.796) but titled random-order cells down everywhere (0.01-
   0.03) and the sites' same-subject cells down 0.015-0.05; on the dev side Wikinews's random
   cells fell 0.012-0.029 with name_opening (its leads open with a place or a time).
2. The share over headline lines that echo the paragraph below only (heading_overlap >= 0.25:
   on dev such lines start stories 301 times in 419, lines sharing no word 32 in 261; the share
   then correlates 0.86-0.97), story pass refitted alone (commit ffb16df, stage 1 as shipped):
   dev 0.7739 -> 0.7818 with no dev cell down more than 0.005 (titled same-subject +0.004 to +0.060,
   titled random -0.004 to +0.012), subhead dev 0.7499. Held out 0.776 / 0.783 / 0.738 / 0.704
   (mean +0.001; CNN worst 0.648 -> 0.638): titled same-subject cells up (Reuters +0.025 / +0.027,
   ABC +0.028 / +0.021, sites paragraphs +0.026) and titled random cells down (Reuters -0.011,
   ABC -0.018, CNN -0.010 / -0.014): web stories' own subheads echo their paragraph too, and in a
   headline-rich dump they are pushed over. Neither meets the bar (+0.01, none down > 0.005).

Round ``seg10``, tried and dropped (commit d42c920): dump-level subhead evidence as two gap
features at headline lines, ``h_dump_lead`` / ``h_dump_cont`` (the share of the dump's OTHER
headline lines followed by a lead-like paragraph: lead, dateline or introduced; or a continuation:
callbacks, callback, continuation; smoothed by half a line), with the training subhead share drawn
per dump from 0, 0, .15, .3, .5, .8. Fitted weights: h_dump_lead +7.31, heading 0.70 -> -0.14,
h_sim 3.83 -> -1.49, h_dump_cont +0.01. Dev ±1 F1 first pass / both passes (subhead dev both
passes): shipped recipe 0.7573 / 0.7739 (0.7461; the refit reproduces weights.json exactly);
per-dump shares, no new features 0.7604 / 0.7736 (0.7433); both 0.7673 / 0.7792 (0.7501); the
features with the fixed share 0.3 0.7677 / 0.7801 (0.7495). Held out (seeds 100-103, 32 dumps;
±1 F1 mean / worst, exact-line F1, Pk), bar decided first: mean over the four up >= 0.010, none
down > 0.005, no worst dump lower by > 0.02:

    publisher  shipped               seg10 (both)          shares only           features, 0.3
    reuters    .773/.552 .756 .160   .780/.571 .764 .159   .778/.542 .761 .161   .779/.561 .763 .159
    cnn        .782/.648 .756 .157   .775/.652 .751 .161   .765/.625 .740 .169   .776/.655 .748 .163
    abc        .736/.516 .686 .174   .736/.590 .686 .175   .725/.582 .675 .183   .733/.563 .685 .174
    sites      .705/.568 .589 .176   .679/.521 .571 .193   .691/.545 .578 .184   .685/.486 .576 .190
    mean       .7490                 .7425 (-0.0065)       .7398 (-0.0093)       .7433 (-0.0058)

None passes (sites -0.026 / -0.014 / -0.020, their worst dump -0.047 / -0.023 / -0.082). As in
seg9, the dump-level headline evidence raises some same-subject cells (ABC paragraphs untitled
0.591 -> 0.643, Reuters 0.630 -> 0.658) and costs titled random-order cells (CNN 0.827 -> 0.807,
0.804 -> 0.779; ABC 0.874 -> 0.850) and the sites' sentence cells (untitled same-subject 0.610
-> 0.554). Per-dump shares alone lift plain dev first pass a little and cost every held-out web
publisher (CNN -0.017, ABC -0.011, sites -0.014): dev gains again do not transfer.

Round ``seg11``, tried and dropped on dev (branch ``seg11``, never scored held out): who the stories
are about, at story level. Measured first on the dev dumps: the tf-idf cosine over the names
alone (``N:`` terms) of the first-pass stories either side of a start (up to SEGMENT_CAP
paragraphs each) has median 0.06 at true starts (2,217) and 0.28 at false ones (908; 0.13 one line
off), where the whole-bag cosine separates them far less (0.07 against 0.10). Added to the story
pass as ``names``, ``names*chosen`` and hinges at 0.1, 0.3, 0.5 (a second band of dot products
over the name entries, same arithmetic as the story cosine), stage 1 unchanged. Fitted weights:
names +2.99, names>0.3 -5.07, cos>0.2 8.41 -> 14.21. Dev ±1 F1 both passes 0.7739 -> 0.7728,
subhead dev 0.7461 -> 0.7415: what the names say at a first-pass start, the story pass already
has from the whole bag and the margin. Not run on held-out publishers (a dev loss is the rule).

Round ``seg12``, tried and dropped on dev (scripts not kept, never scored held out): learn each
dump's own leads from the breaks the passes are sure of. The cues that tell a lead from a
continuation are weighted differently by each publisher (a pronoun opening -0.82 on the sites,
+0.30 on Politico), so a logistic model was fitted per dump, after the story pass, on the gaps
beyond ±2 of the threshold (labels: the decision), over the words at each side of the gap (the
first one and two words of the paragraph and the last of the one before, reduced to their shape
unless a function word; the raw first and last words; opening quote; end punctuation; lengths;
weekday; "said" in the first sentence; capitalised share); its centred log-odds times alpha was
added to the story-pass score before decoding again. Dev ±1 F1 (32 dumps per publisher, seeds
2000-2003 / 2100-2103), fitted on the whole dump, alpha 0.5: Politico 0.724 -> 0.737 / 0.731 ->
0.743, Wikinews 0.779 -> 0.788 / 0.809 -> 0.820, sites (fitting half) 0.653 -> 0.654 / 0.685 ->
0.689. Same-subject untitled cells gain most (Politico 0.582 -> 0.628); random-order cells lose
at larger alpha (a gate on the dump's share of near-threshold gaps recovers them: Politico 0.752
at alpha 1). The sites barely move because their dumps mix 135 sites: there is no one
publisher's style to learn. A model fitted on the whole dump breaks stable ids (issue 13, item
7: appending a story changes its labels, so near-threshold gaps anywhere may flip). Fitted only
on gaps at least 16 (or 30) paragraphs before the one it scores, refitted every 5 (or 10)
(appending then changes nothing earlier), half the gain is left: Politico +0.004 to +0.010,
Wikinews +0.004 to +0.010, sites +0.000 to +0.004 (alpha 0.5, both seed sets). A naive Bayes version (counts, no refits) lost 0.02-0.07; adding the gap scorer's own
discourse features to the per-dump model lost on the sites (0.685 -> 0.674: the labels come from
those features); ranking the doubts by the adapted score caught no more errors at equal doubts
(Politico 340 -> 336 and 313 -> 340, of about 730). Gains within the noise of a 16-dump held-out
row, a refit per block inside the ingest loop, and the stable-id constraint: not shipped.

Round ``seg13``, kept: typography as gap evidence (gaps.typography, ``typo_shift`` / ``typo_agree``:
of four marks, apostrophe, quotation mark, dash, ellipsis, how many change style across the gap and
how many keep it, each side read from its nearest paragraph within six that uses the mark in one
style only). Measured first on the dev dumps (seeds 2000-2003, 32 per publisher), P(start) where
the apostrophe / quotation style changes against the base rate: Politico 0.112 / 0.176 against
0.062, sites (fitting half) 0.170 / 0.166 against 0.052, Wikinews 0.039 / 0.143 against 0.066
(its stories mix styles inside themselves). Weights: typo_shift +0.68, typo_agree +0.06; gap
threshold -1.8 -> -1.4. Plain dev ±1 F1 first pass / both passes 0.7577 / 0.7745 -> 0.7723 / 0.7813
(two marks only: 0.7716 / 0.7837); subhead dev 0.7276 / 0.7481 -> 0.7393 / 0.7557. Dev rows of
bench_segmentation.py --dev: Wikinews 0.791 -> 0.794, Politico 0.725 -> 0.744 (worst 0.517 -> 0.576),
sites' fitting half 0.679 -> 0.689. Held out once (seeds 100-103, 32 dumps; ±1 F1 mean / worst,
exact-line F1, Pk): Reuters .777/.586 .765 .156 -> .775/.586 .760 .157; CNN .779/.648 .752 .158 ->
.784/.648 .759 .155; ABC .736/.516 .693 .173 -> .742/.592 .698 .167; sites .716/.554 .633 .171 ->
.728/.561 .651 .162; pages .822/.698 .768 .132 -> .829/.690 .776 .118. Same-subject cells gain most
(sites' paragraphs +0.043 / +0.044, ABC's +0.033 / +0.032); random-order cells -0.02 to +0.01.
Tried and dropped: only the new weight fitted on top of the shipped scorer (offset logistic on the
stage-2 seeds, +0.51; every other weight and threshold kept, so dumps where the cue is silent
cannot move), held out Reuters +0.000, CNN -0.002, ABC +0.003, sites +0.011, pages -0.009; the
two stories' whole-story mean styles clashing, in the story pass (``typo_clash`` +0.75,
``typo_match`` +0.14), both passes 0.7837 -> 0.7843 beside the two-mark gap cue, inside the tolerance.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reader.core.ingest.clean import clean_lines  # noqa: E402
from reader.core.ingest.segment import decoder as first_pass  # noqa: E402
from reader.core.ingest.segment import refine  # noqa: E402
from reader.core.ingest.segment.gaps import GapAnalysis, analyse_gaps  # noqa: E402
from reader.core.ingest.segment.units import Unit, make_units  # noqa: E402
from tests.core.dumps import GoldDump, load_corpus, make_dump  # noqa: E402
from tests.core.publishers import Story, load_publisher, make_publisher_dump, real_clutter  # noqa: E402

FIT_PUBLISHERS = ("wikinews", "politico")  # the shipped pair (see the docstring); ``--fit a,b`` for another
CANDIDATES = ("wikinews", "reuters", "cnn", "politico")  # the pairs --fit may draw from (see the docstring)
FIT_SEEDS = range(1000, 1012)
DEV_SEEDS = range(2000, 2004)
STAGE2_SEEDS = range(3000, 3012)
TOLERANCE = 0.005
# Share of fitting stories given a credit line and/or an agency dateline: conventions of
# news in general that Wikinews and this Reuters sample lack (see publishers.make_publisher_dump).
CONVENTIONS_RATE = float(os.environ.get("LEDE_FIT_CONVENTIONS", "0.3"))
# Share of fitting stories (of 4+ paragraphs) given subheads made from their own text. With the
# subhead features (gaps._subhead_evidence, callbacks, intros) 0.3 holds the plain dev set (both
# passes 0.8276 -> 0.8267) and lifts the subhead dev set 0.747 -> 0.805; without subheads in
# training the same features score plain dev 0.836 but take CNN 0.726 -> 0.678 held out.
SUBHEAD_RATE = float(os.environ.get("LEDE_FIT_SUBHEADS", "0.3"))
DEV_SUBHEADS = 0.5
CELLS = [
    (style, same, rate)
    for style in ("paragraphs", "sentences")
    for same in (False, True)
    for rate in (0.5, 0.0)
]


def dumps(
    seeds: range, augment: bool = True, subheads: float = 0.0, publishers: Sequence[str] = FIT_PUBLISHERS
) -> Iterator[GoldDump]:
    """Every cell of every fitting publisher (``publishers``), for each seed.

    ``augment`` adds the synthetic conventions and subheads (training only): the dev
    dumps that thresholds and configurations are judged on keep the publishers' own text,
    so two configurations are always compared on the same dumps. ``subheads`` (a second
    dev set, reported only) gives that share of stories subheads and nothing else.
    """
    clutter = real_clutter(held_out=False)
    stories: dict[str, list[Story]] = {name: load_publisher(name) for name in publishers}
    # The original Wikinews dumps too (run-together paragraphs), when Wikinews is a fitting publisher.
    wikinews = load_corpus() if "wikinews" in publishers else []
    for seed in seeds if wikinews and not subheads else ():
        for rate in (0.6, 0.0):
            yield make_dump(wikinews, seed, n=40, title_rate=rate)
    for name in publishers:
        for seed in seeds:
            for k, (style, same, rate) in enumerate(CELLS):
                yield make_publisher_dump(
                    stories[name],
                    seed * 10 + k,
                    line_style=style,
                    same_subject=same,
                    title_rate=rate,
                    clutter_lines=clutter,
                    conventions_rate=CONVENTIONS_RATE if augment else 0.0,
                    subhead_rate=subheads or (SUBHEAD_RATE if augment else 0.0),
                )


def lead_lines(dump: GoldDump) -> set[int]:
    """The first paragraph line of every gold article (the gap labels: units are paragraphs)."""
    content = sorted(dump.content)
    titles = set(dump.title_lines)
    out = set()
    for s in dump.starts:
        if s in titles:
            out.add(next(c for c in content if c > s))
        else:
            out.add(s)
    return out


def analyse(dump: GoldDump) -> tuple[list[Unit], GapAnalysis, list[int], list[int]]:
    """Units, gap analysis, 0/1 labels per gap and gold lead lines of one dump."""
    kept, _ = clean_lines(enumerate(dump.text.split("\n"), 1))
    units, _ = make_units(kept)
    analysis = analyse_gaps(units)
    leads = lead_lines(dump)
    labels = [int(units[f.index].line in leads) for f in analysis.features]
    return units, analysis, labels, sorted(leads)


def fit(x: np.ndarray, y: np.ndarray, l2: float, steps: int = 30) -> np.ndarray:
    """Logistic regression by Newton's method; column 0 is the (unpenalised) bias."""
    w = np.zeros(x.shape[1])
    reg = np.full(x.shape[1], l2)
    reg[0] = 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(x @ w)))
        grad = x.T @ (p - y) + reg * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(reg) + 1e-9 * np.eye(x.shape[1])
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-7:
            break
    return w


def fit_weights(
    rows: list[list[float]], ys: list[int], names: list[str], l2: float, digits: int
) -> dict[str, float]:
    """Logistic weights by name (plus "bias"), fitted on standardised columns then unscaled.

    Standardising first makes the L2 penalty weigh every feature on the same scale.
    """
    x = np.array(rows)
    y = np.array(ys, dtype=float)
    scale = x.std(axis=0)
    scale[0] = 1.0
    scale[scale < 1e-9] = 1.0
    w = fit(x / scale, y, l2) / scale
    return {"bias": round(float(w[0]), digits)} | {
        k: round(float(v), digits) for k, v in zip(names, w[1:], strict=True)
    }


Decoded = list[tuple[list[Unit], list[int], Sequence[int]]]  # units, chosen starts, gold starts


def pick_threshold(label: str, decode_all: Callable[[float], Decoded]) -> tuple[float, float]:
    """(dev F1, threshold): the lowest threshold within TOLERANCE of the best ±1 F1 on the dev dumps.

    On a plateau, lean to recall: a wrong split costs one merge; a missed start hides a
    story inside another.
    """
    curve: list[tuple[float, float]] = []
    for threshold in [t / 10 for t in range(-20, 21, 2)]:
        tp = npred = ngold = 0
        for units, chosen, starts in decode_all(threshold):
            a, b, c = within_one_f1(starts[1:], [units[i].line for i in chosen[1:]])
            tp, npred, ngold = tp + a, npred + b, ngold + c
        f1 = 2 * tp / (npred + ngold)
        print(f"{label}threshold {threshold:+.1f}: ±1 F1 {f1:.4f} (P {tp / npred:.3f} R {tp / ngold:.3f})")
        curve.append((f1, threshold))
    top = max(f1 for f1, _ in curve)
    best = min(((f1, t) for f1, t in curve if f1 >= top - TOLERANCE), key=lambda ft: ft[1])
    print(f"{label}best threshold {best[1]:+.1f} (dev ±1 F1 {best[0]:.4f})")
    return best


def within_one_f1(gold: Sequence[int], pred: Sequence[int]) -> tuple[int, int, int]:
    unmatched = sorted(gold)
    tp = 0
    for p in sorted(pred):
        hit = next((g for g in unmatched if abs(g - p) <= 1), None)
        if hit is not None:
            unmatched.remove(hit)
            tp += 1
    return tp, len(pred), len(gold)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--l2", type=float, default=10.0)
    parser.add_argument("--write", action="store_true", help="rewrite segment/weights.json")
    parser.add_argument("--out", type=Path, help="with --write: write here instead of segment/weights.json")
    parser.add_argument("--eval", action="store_true", help="only score the weights in weights.json on dev")
    parser.add_argument(
        "--fit",
        type=pair,
        default=FIT_PUBLISHERS,
        help=f"the two fitting publishers, comma-separated, from {', '.join(CANDIDATES)} "
        f"(default {','.join(FIT_PUBLISHERS)})",
    )
    args = parser.parse_args(argv)
    fit_on: tuple[str, ...] = args.fit
    print(f"fitting publishers: {', '.join(fit_on)}", flush=True)
    if args.eval:
        plain = dev_f1(first_pass.THRESHOLD, refine.THRESHOLD2, fit_on)
        print(f"plain dev: ±1 F1 first pass {plain[0]:.4f}, both passes {plain[1]:.4f}")
        report_subheads(first_pass.THRESHOLD, refine.THRESHOLD2, fit_on)
        return 0
    dev = [analyse(d) for d in dumps(DEV_SEEDS, augment=False, publishers=fit_on)]
    gap_weights, gap_threshold = fit_stage1(args.l2, dev, fit_on)
    story_weights, story_threshold = fit_stage2(args.l2, dev, fit_on)
    report_subheads(gap_threshold, story_threshold, fit_on)
    if args.write:
        data = {
            "fitted_on": list(fit_on),
            "gap": {"threshold": gap_threshold, "weights": gap_weights},
            "story": {"threshold": story_threshold, "weights": story_weights},
        }
        out = args.out or first_pass.WEIGHTS_FILE
        out.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"rewrote {out}")
    return 0


def pair(text: str) -> tuple[str, ...]:
    """``--fit``'s value: one or two publishers from CANDIDATES (the issue allows at most two)."""
    names = tuple(n.strip() for n in text.split(",") if n.strip())
    if not 1 <= len(names) <= 2 or len(set(names)) != len(names) or not set(names) <= set(CANDIDATES):
        raise argparse.ArgumentTypeError(f"one or two of {', '.join(CANDIDATES)}, not {text!r}")
    return names


def dev_f1(
    gap_threshold: float, story_threshold: float, publishers: Sequence[str], subheads: float = 0.0
) -> tuple[float, float]:
    """±1 F1 of the first pass and of both passes on the dev dumps (``subheads``: see :func:`dumps`)."""
    totals = [[0, 0, 0], [0, 0, 0]]
    dev = dumps(DEV_SEEDS, augment=False, subheads=subheads, publishers=publishers)
    for units, analysis, _, leads in map(analyse, dev):
        scores = [first_pass.score(f) for f in analysis.features]
        first = first_pass.decode(analysis.features, len(units), gap_threshold, scores)
        xs = refine.story_features(analysis, len(units), first, scores)
        both = first_pass.decode(
            analysis.features, len(units), story_threshold, [refine.refined_score(x) for x in xs]
        )
        for total, chosen in zip(totals, (first, both), strict=True):
            for k, v in enumerate(within_one_f1(leads[1:], [units[i].line for i in chosen[1:]])):
                total[k] += v
    first_f1, both_f1 = (2 * t[0] / (t[1] + t[2]) for t in totals)
    return first_f1, both_f1


def report_subheads(gap_threshold: float, story_threshold: float, publishers: Sequence[str]) -> None:
    """Print ±1 F1 on the dev dumps with subheads in half the stories (reported, never chosen by).

    It says whether headline-shaped lines inside a story are taken for headlines (web
    stories have them; Wikinews and Reuters do not).
    """
    first_f1, both_f1 = dev_f1(gap_threshold, story_threshold, publishers, DEV_SUBHEADS)
    print(f"subhead dev (share {DEV_SUBHEADS}): ±1 F1 first pass {first_f1:.4f}, both passes {both_f1:.4f}")


def fit_stage1(
    l2: float, dev: list[tuple[list[Unit], GapAnalysis, list[int], list[int]]], publishers: Sequence[str]
) -> tuple[dict[str, float], float]:
    """Fit the gap scorer on FIT_SEEDS, pick its threshold on the dev dumps."""
    names: list[str] = []
    rows: list[list[float]] = []
    ys: list[int] = []
    for dump in dumps(FIT_SEEDS, publishers=publishers):
        _, analysis, labels, _ = analyse(dump)
        if not names and analysis.features:
            names = sorted(analysis.features[0].x)
        rows.extend([1.0] + [f.x[k] for k in names] for f in analysis.features)
        ys.extend(labels)
    print(f"{len(ys)} gaps, {sum(ys)} boundaries, {len(names)} features", flush=True)
    weights = fit_weights(rows, ys, names, l2, digits=2)
    first_pass.WEIGHTS.clear()
    first_pass.WEIGHTS.update(weights)
    best = pick_threshold(
        "", lambda t: [(u, first_pass.decode(a.features, len(u), t), leads) for u, a, _, leads in dev]
    )
    first_pass.THRESHOLD = best[1]
    return weights, best[1]


def stage2_rows(units: list[Unit], analysis: GapAnalysis) -> list[dict[str, float] | None]:
    scores = [first_pass.score(f) for f in analysis.features]
    first = first_pass.decode(analysis.features, len(units), first_pass.THRESHOLD, scores)
    return refine.story_features(analysis, len(units), first, scores)


def fit_stage2(
    l2: float, dev: list[tuple[list[Unit], GapAnalysis, list[int], list[int]]], publishers: Sequence[str]
) -> tuple[dict[str, float], float]:
    """Fit the story-level pass on STAGE2_SEEDS (the gap scorer is out of sample there)."""
    names: list[str] = []
    rows: list[list[float]] = []
    ys: list[int] = []
    for dump in dumps(STAGE2_SEEDS, publishers=publishers):
        units, analysis, labels, _ = analyse(dump)
        for x, label in zip(stage2_rows(units, analysis), labels, strict=True):
            if x is None:
                continue
            if not names:
                names = sorted(x)
            rows.append([1.0] + [x[k] for k in names])
            ys.append(label)
    print(f"stage 2: {len(ys)} reconsidered gaps, {sum(ys)} boundaries, {len(names)} features")
    weights = fit_weights(rows, ys, names, l2, digits=3)
    refine.WEIGHTS2.clear()
    refine.WEIGHTS2.update(weights)
    dev2 = [(u, a, stage2_rows(u, a), leads) for u, a, _, leads in dev]
    best = pick_threshold(
        "stage 2 ",
        lambda t: [
            (u, first_pass.decode(a.features, len(u), t, [refine.refined_score(x) for x in xs]), leads)
            for u, a, xs, leads in dev2
        ],
    )
    return weights, best[1]


if __name__ == "__main__":
    raise SystemExit(main())
