using CrossModal.Core.Audio;
using CrossModal.Core.Imaging;

namespace CrossModal.Core.Datasets;

/// <summary>Checks a pair's files; each method returns the problem in one line, or null when the file is usable.</summary>
static class PairFileChecks
{
    public static string? ImageProblem(string path, DatasetVerification level)
    {
        if (level == DatasetVerification.None) return null;
        try
        {
            if (level == DatasetVerification.Full) SafeImageDecoder.DecodeFile(path).Dispose();
            else SafeImageDecoder.IdentifyFile(path);
            return null;
        }
        catch (InvalidInputException e) { return e.Message; }
    }

    public static string? SoundProblem(string path, DatasetVerification level)
    {
        if (level == DatasetVerification.None) return null;
        try
        {
            WavCodec.ReadFile(path);
            return null;
        }
        catch (InvalidInputException e) { return e.Message; }
    }
}
