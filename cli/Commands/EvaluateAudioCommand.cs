using System.CommandLine;
using CrossModal.Core.Audio.Microphone;
using CrossModal.Core.Evaluation;
using CrossModal.DatasetTools.Codecs;

namespace CrossModal.Cli.Commands;

/// <summary>
/// `crossmodal evaluate audio --models DIR --audio-root ROOT [--microphone-chain SEED [--codec any|opus|mp3]] [--json]`: the
/// sound classifier's accuracy on real sound, optionally as a simulated microphone records it, and optionally with the
/// recording then encoded by a lossy codec (ffmpeg). <c>--microphone-chain</c> alone is the condition the figures in
/// docs/RESULTS.md were measured under, unchanged; <c>--codec</c> adds the codec to the same chains.
/// </summary>
public static class EvaluateAudioCommand
{
    public static Command Build()
    {
        var models = EvaluateShared.Models();
        var root = new Option<string?>("--audio-root") { Description = "Folder ROOT/<instrument>/*.wav (any rate and length; every audible 0.5 s chunk is judged, each file by the mean of its chunks)." };
        var chain = new Option<int?>("--microphone-chain") { Description = "Judge every chunk as a simulated microphone records it (speaker EQ, room, microphone EQ, noise 10–30 dB SNR, band limit, level and clipping), drawn per chunk from this seed." };
        var codec = new Option<string?>("--codec") { Description = "With --microphone-chain: also encode each recording with a lossy codec through ffmpeg, as a phone would (any: Opus 16–64 kb/s or MP3 32–128 kb/s, half each; opus; mp3). The chain's other stages are the ones --microphone-chain alone draws." };
        codec.AcceptOnlyFromAmong("any", "opus", "mp3");
        var maxChunks = new Option<int>("--max-chunks") { Description = "At most this many audible chunks per file (0 = all).", DefaultValueFactory = _ => 0 };
        var (data, split, perClass, json, threads) = (EvaluateShared.Data(), EvaluateShared.Split(), EvaluateShared.PerClass(), EvaluateShared.JsonOption(), EvaluateShared.Threads());
        var cmd = new Command("audio", "Accuracy of the sound classifier on real sound: per file (soft vote over its chunks) and per chunk.");
        foreach (var o in new Option[] { models, root, maxChunks, chain, codec, data, split, perClass, json, threads }) cmd.Options.Add(o);
        cmd.SetAction((ParseResult pr, CancellationToken ct) => CliAction.Run(() =>
        {
            var (r, d) = (pr.GetValue(root), pr.GetValue(data));
            EvaluateShared.RequireOneSource(r, "--audio-root", d);
            if (pr.GetValue(maxChunks) < 0) throw new Core.InvalidInputException("--max-chunks must be >= 0.");
            if (pr.GetValue(codec) is not null && pr.GetValue(chain) is null)
                throw new Core.InvalidInputException("--codec encodes what the simulated microphone records: give --microphone-chain SEED too.");
            var microphone = pr.GetValue(chain) is not { } chainSeed ? null
                : pr.GetValue(codec) is not { } format ? new SimulatedMicrophone(chainSeed)
                : new SimulatedMicrophone(chainSeed, new FfmpegLossyCodec(), format switch
                {
                    "opus" => LossyCodecFormat.Opus,
                    "mp3" => LossyCodecFormat.Mp3,
                    _ => null,
                });
            EvaluateShared.InitialiseTorch(pr.GetValue(threads));
            using var set = EvaluateShared.OpenModels(pr.GetValue(models)!);
            EvaluationResult result;
            if (r is not null)
                result = EvaluateShared.WithProgress("classifying sound", p => SoundClassifierEvaluator.OnFolder(set, r, pr.GetValue(maxChunks), p, ct, microphone));
            else
            {
                using var loaded = EvaluateShared.LoadSplit(d!, pr.GetValue(split)!, pr.GetValue(perClass), ct);
                result = EvaluateShared.WithProgress("classifying sound", p => SoundClassifierEvaluator.OnSplit(set, loaded, EvaluateShared.SourceOf(d!, pr.GetValue(split)!), p, ct, microphone));
            }
            EvaluateShared.Print(result, pr.GetValue(json));
            return 0;
        }));
        return cmd;
    }
}
