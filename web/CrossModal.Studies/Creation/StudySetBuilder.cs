using CrossModal.Studies.Data;
using CrossModal.Studies.Domain;
using CrossModal.Studies.Rating;

namespace CrossModal.Studies.Creation;

/// <summary>
/// Builds every set and image of a study, in memory, from its spec: per instrument, <c>SetsPerInstrument</c> regular
/// sets (one image per method from one validation pair), then the gold and the practice sets spread over the
/// instruments. Nothing is
/// stored here; the caller stores the result in one transaction so a study is either complete or absent.
/// </summary>
public static class StudySetBuilder
{
    public static async Task<List<RatingSet>> BuildAsync(Study study, IStudyImageSource source, IProgress<int>? progress, CancellationToken ct)
    {
        var instruments = study.InstrumentList;
        var methods = study.MethodList;
        string? fillerMethod = methods.FirstOrDefault(m => m != StudyMethods.GroundTruth);
        var sets = new List<RatingSet>();
        int done = 0, ordinal = 0;
        for (int k = 0; k < instruments.Count; k++)
        {
            var instrument = instruments[k];
            int gold = GoldSetsFor(study.GoldSets, instruments.Count, k), practice = GoldSetsFor(study.PracticeSets, instruments.Count, k);
            // Gold and practice sets use pairs of their own, so no rater sees a regular set's ground truth again in them.
            var samples = await source.PickSamplesAsync(instrument, study.SetsPerInstrument + gold + practice, study.Seed, ct);
            for (int s = 0; s < study.SetsPerInstrument; s++)
            {
                var sample = samples[s];
                var set = NewSet(study, ordinal++, SetKind.Regular, instrument, sample.Name);
                foreach (var method in methods)
                {
                    var png = method == StudyMethods.GroundTruth ? sample.GroundTruthPng
                        : await source.GenerateAsync(method, instrument, sample, study.Seed, ct);
                    set.Images.Add(NewImage(study, method, GoldRole.None, png, sample.Name));
                    progress?.Report(++done);
                }
                sets.Add(set);
            }
            for (int g = 0; g < gold; g++)
            {
                var sample = samples[study.SetsPerInstrument + g];
                var set = NewSet(study, ordinal++, SetKind.Gold, instrument, sample.Name);
                // Each copy jittered on its own (±1 on a few pixel values, study-keyed): the two are the same picture to a
                // person but differ by bytes, so hashing the downloads does not reveal a gold set.
                foreach (var role in new[] { GoldRole.DuplicateA, GoldRole.DuplicateB })
                    set.Images.Add(NewImage(study, StudyMethods.GroundTruth, role,
                        StudyPng.Jittered(sample.GroundTruthPng, StudyBlinding.Seed(study.BlindingKey, $"jitter:{set.Ordinal}:{role}")), sample.Name));
                var broken = (ordinal % 2 == 0) ? BrokenImages.Noise(study.Seed + ordinal) : BrokenImages.Blank();
                await AddBrokenAndFillerAsync(set, sample, broken);
            }
            for (int p = 0; p < practice; p++)
            {
                // A real frame, a broken image and a generated one: what the feedback can say something definite about.
                var sample = samples[study.SetsPerInstrument + gold + p];
                var set = NewSet(study, ordinal++, SetKind.Practice, instrument, sample.Name);
                set.Images.Add(NewImage(study, StudyMethods.GroundTruth, GoldRole.DuplicateA, sample.GroundTruthPng, sample.Name));
                await AddBrokenAndFillerAsync(set, sample, BrokenImages.Noise(study.Seed + ordinal));
            }

            // What gold and practice sets end with: the broken image and one generated image of the set's own pair.
            async Task AddBrokenAndFillerAsync(RatingSet set, StudySample sample, byte[] broken)
            {
                set.Images.Add(NewImage(study, StudyMethods.Broken, GoldRole.Broken, broken, sample.Name));
                if (fillerMethod is not null)
                    set.Images.Add(NewImage(study, fillerMethod, GoldRole.Filler,
                        await source.GenerateAsync(fillerMethod, instrument, sample, study.Seed, ct), sample.Name));
                progress?.Report(done += set.Images.Count);
                sets.Add(set);
            }
        }
        return sets;
    }

    /// <summary>Images the build will store (for progress).</summary>
    public static int ImageCount(Study study)
    {
        bool generated = study.MethodList.Any(m => m != StudyMethods.GroundTruth);
        return study.InstrumentList.Count * study.SetsPerInstrument * study.MethodList.Count
               + study.GoldSets * (generated ? 4 : 3) + study.PracticeSets * (generated ? 3 : 2);
    }

    /// <summary>Gold (and practice) sets go round-robin over the instruments: instrument k gets the k-th, k+n-th, ... of them.</summary>
    public static int GoldSetsFor(int goldSets, int instruments, int k) => goldSets / instruments + (k < goldSets % instruments ? 1 : 0);

    static RatingSet NewSet(Study study, int ordinal, SetKind kind, string instrument, string sample) =>
        new() { PublicId = Guid.NewGuid(), StudyId = study.Id, Ordinal = ordinal, Kind = kind, Instrument = instrument, SampleName = sample };

    /// <summary>Every stored image is re-encoded into the one study encoding (<see cref="StudyPng.Normalize"/>).</summary>
    static StudyImage NewImage(Study study, string method, GoldRole role, byte[] png, string sample) =>
        new() { PublicId = Guid.NewGuid(), StudyId = study.Id, Method = method, GoldRole = role, Png = StudyPng.Normalize(png, $"the {method} image of {sample}") };
}
