using CrossModal.Domain;
using TorchSharp;
using static TorchSharp.torch;

namespace CrossModal.Core.Models;

/// <summary>
/// The pose models' condition (issue 17 §3): the sound encoder's embedding, which says which instrument plays but was
/// trained to ignore the note, followed by what the pose follows and that embedding leaves out. The pose of a frame is
/// set by the note's pitch (fingers, string, hand position, slide, partial, register) and by how recently a note began
/// (the head nods at each onset and fades; the bow starts a stroke): so
/// <list type="bullet">
/// <item>the pitch, as the chunk's time-averaged LMS profile over the 128 mel bands (where its harmonics lie),
/// standardised per chunk so that loudness does not move it;</item>
/// <item>the onsets, as the loudness envelope over the chunk's frames (mean unit-scaled LMS per frame, 0 at its
/// loudest) and its rises from frame to frame.</item>
/// </list>
/// All three are computed from the LMS itself, with no learnt part, so the generator's condition projection learns what
/// to make of them; a stored pose model names this condition (<see cref="Name"/>) beside its encoder, and whatever
/// loads it (<see cref="Generation.ModelSet.Generator"/>) wraps the encoder the same way.
/// </summary>
public sealed class PitchOnsetEmbedder : nn.Module, IEmbedder
{
    /// <summary>The name a GAN's manifest gives this condition (<c>condition_features</c>).</summary>
    public const string Name = "pitch-onset";

    /// <summary>Envelope and rise values are scaled by this (unit LMS moves by ~0.1 between a note and its decay).</summary>
    const double EnvelopeScale = 10;
    /// <summary>The envelope is clipped this far below the chunk's loudest frame (in scaled units): silence says no more.</summary>
    const double EnvelopeFloor = -3;

    readonly IEmbedder encoder;

    /// <param name="encoder">The sound encoder, taking LMS in dB (<see cref="UnitLmsEmbedder"/>).</param>
    public PitchOnsetEmbedder(IEmbedder encoder) : base(nameof(PitchOnsetEmbedder))
    {
        this.encoder = encoder;
    }

    /// <summary>Switching mode (eval before embedding) reaches the encoder too.</summary>
    public override void train(bool on = true)
    {
        if (encoder is nn.Module m) m.train(on);
        base.train(on);
    }

    /// <summary>Values the pitch and onset features add to the encoder's embedding.</summary>
    public static int FeatureSize => AudioFrontEnd.MelBands + AudioFrontEnd.ChunkFrames + (AudioFrontEnd.ChunkFrames - 1);

    public int EmbeddingSize => encoder.EmbeddingSize + FeatureSize;

    /// <summary>[N, encoder embedding + <see cref="FeatureSize"/>] from LMS in dB [N, 1, 128, 44].</summary>
    public Tensor Embed(Tensor lmsDb)
    {
        using var scope = NewDisposeScope();
        return cat([encoder.Embed(lmsDb), Features(lmsDb)], 1).MoveToOuterDisposeScope();
    }

    /// <summary>The pitch profile, the loudness envelope and its rises of each chunk: [N, <see cref="FeatureSize"/>].</summary>
    public static Tensor Features(Tensor lmsDb)
    {
        ModelShapes.Expect(lmsDb, "pitch and onset features", 1, AudioFrontEnd.MelBands, AudioFrontEnd.ChunkFrames);
        using var scope = NewDisposeScope();
        var unit = SoundInput.ToUnit(lmsDb).squeeze(1); // [N, bands, frames] in [-1, 1]
        var profile = unit.mean([2]);
        var pitch = (profile - profile.mean([1], keepdim: true)) / (profile.std(1, keepdim: true) + 1e-3);
        var loudness = unit.mean([1]);
        var envelope = ((loudness - loudness.amax([1], keepdim: true)) * EnvelopeScale).clamp_min(EnvelopeFloor);
        var rises = (loudness.narrow(1, 1, AudioFrontEnd.ChunkFrames - 1) - loudness.narrow(1, 0, AudioFrontEnd.ChunkFrames - 1)).clamp_min(0) * EnvelopeScale;
        return cat([pitch, envelope, rises], 1).MoveToOuterDisposeScope();
    }
}
