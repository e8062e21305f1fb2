using CrossModal.Core.Datasets;
using SkiaSharp;

namespace CrossModal.DatasetTools.Synthetic.Scene;

public enum HairStyle { Short, Long, Bun, Curly, Bald, Ponytail, Bob }

public enum TopKind { TShirt, LongSleeve, Jacket, Dress }

public enum Prop { None, Window, Curtain, Picture, Shelf, Plant, MusicStand }

/// <summary>A player's appearance, fully determined by <see cref="Id"/> (the same id is the same person in any piece).</summary>
public sealed record PlayerLook(int Id, SKColor Skin, SKColor Hair, HairStyle Style, float Build, float Height, bool Glasses, bool Beard)
{
    static readonly SKColor[] Skins =
    [
        new(0xF6, 0xD8, 0xC6), new(0xEE, 0xC4, 0xA6), new(0xDF, 0xAC, 0x86), new(0xC6, 0x8C, 0x64),
        new(0xA8, 0x70, 0x4C), new(0x8A, 0x57, 0x38), new(0x66, 0x40, 0x29), new(0x4A, 0x2F, 0x20),
    ];
    static readonly SKColor[] Hairs =
    [
        new(0x1A, 0x14, 0x11), new(0x2E, 0x1E, 0x14), new(0x4E, 0x31, 0x1C), new(0x7A, 0x4A, 0x26),
        new(0x8E, 0x3A, 0x1C), new(0xC8, 0xA0, 0x5C), new(0x9C, 0x9A, 0x96), new(0xDD, 0xD8, 0xCE),
    ];

    public static PlayerLook FromId(int id)
    {
        var r = SeededRandom.For(0, "player", id);
        var skin = r.Pick(Skins);
        var hair = Hairs[r.PickWeighted([3, 3, 2.5, 1.5, 0.8, 1.2, 0.8, 0.4])];
        var style = (HairStyle)r.PickWeighted([3, 2.5, 1.5, 1.5, 0.6, 1.5, 1.5]);
        return new PlayerLook(id, skin, hair, style, r.RangeF(0.86, 1.18), r.RangeF(0.95, 1.04), r.Chance(0.2),
            style is HairStyle.Short or HairStyle.Bald or HairStyle.Curly && r.Chance(0.25));
    }
}

/// <summary>Clothes, determined by <see cref="Id"/>.</summary>
public sealed record Outfit(int Id, TopKind Kind, SKColor Top, SKColor Bottom, SKColor Shoes, bool Skirt)
{
    static readonly SKColor[] Tops =
    [
        new(0x1C, 0x1C, 0x22), new(0x1C, 0x1C, 0x22), new(0xEE, 0xEE, 0xEC), new(0x1F, 0x2E, 0x58), new(0x6E, 0x1F, 0x2B),
        new(0x2F, 0x5A, 0x3A), new(0x2C, 0x7A, 0x7B), new(0xC9, 0xA2, 0x27), new(0x6F, 0x73, 0x7A), new(0x6F, 0xA8, 0xDC),
        new(0xD9, 0x8C, 0x9F), new(0x5B, 0x3F, 0x8C), new(0xD9, 0x77, 0x2B), new(0xA8, 0x2A, 0x2A),
    ];
    static readonly SKColor[] Bottoms =
    [
        new(0x18, 0x18, 0x1C), new(0x1E, 0x25, 0x3C), new(0x3E, 0x5A, 0x80), new(0xA8, 0x90, 0x68), new(0x55, 0x58, 0x5E), new(0x4A, 0x35, 0x28),
    ];

    public static Outfit FromId(int id)
    {
        var r = SeededRandom.For(0, "outfit", id);
        var kind = (TopKind)r.PickWeighted([2, 3, 2, 1]);
        var top = r.Pick(Tops);
        var bottom = kind == TopKind.Dress ? top : r.Pick(Bottoms);
        var shoes = r.Chance(0.7) ? new SKColor(0x15, 0x12, 0x10) : new SKColor(0x6A, 0x44, 0x2A);
        return new Outfit(id, kind, top, bottom, shoes, kind != TopKind.Dress && r.Chance(0.15));
    }
}

/// <summary>The room: wall, floor, light and one prop, determined by <see cref="Id"/>.</summary>
public sealed record Backdrop(int Id, SKColor WallTop, SKColor WallBottom, SKColor Floor, bool Stage, bool WoodPanels, float FloorY, Prop Prop, float PropX, SKColor PropColor, SKColor Tint, float Brightness)
{
    static readonly SKColor[] Walls =
    [
        new(0xED, 0xE3, 0xCF), new(0xD5, 0xD7, 0xDA), new(0x9F, 0xB0, 0xC0), new(0xB7, 0xC4, 0xA8), new(0xD8, 0xC0, 0xA0),
        new(0xF4, 0xF4, 0xF2), new(0xC9, 0xB6, 0xD0), new(0xE8, 0xCF, 0xB8), new(0x8F, 0x9A, 0x8C), new(0x7D, 0x86, 0x95),
    ];
    static readonly SKColor[] Floors =
    [
        new(0xA0, 0x70, 0x3F), new(0x5C, 0x3A, 0x22), new(0x6E, 0x6E, 0x72), new(0x3D, 0x4B, 0x6B), new(0xB8, 0x8E, 0x5E), new(0x7A, 0x2E, 0x2E),
    ];
    static readonly SKColor[] PropColors =
    [
        new(0x8E, 0x1F, 0x2A), new(0x24, 0x3B, 0x6B), new(0x4F, 0x6B, 0x3A), new(0xC7, 0x8B, 0x3C), new(0x5A, 0x5A, 0x60),
    ];

    public static Backdrop FromId(int id)
    {
        var r = SeededRandom.For(0, "backdrop", id);
        bool stage = r.Chance(0.15);
        var wall = stage ? new SKColor(0x2A, 0x2A, 0x33) : r.Pick(Walls);
        var wallBottom = Shade(wall, r.RangeF(0.78, 0.95));
        bool panels = !stage && r.Chance(0.15);
        if (panels) { wall = new SKColor(0x8A, 0x5A, 0x3A); wallBottom = new SKColor(0x6E, 0x46, 0x2C); }
        var floor = stage ? new SKColor(0x1C, 0x1C, 0x1E) : r.Pick(Floors);
        var prop = stage ? Prop.None : (Prop)r.PickWeighted([2, 1.2, 1, 1.2, 1, 1, 1]);
        var tint = r.Chance(0.5) ? new SKColor(0xFF, 0xB0, 0x60) : new SKColor(0x70, 0xA0, 0xFF);
        return new Backdrop(id, wall, wallBottom, floor, stage, panels, r.RangeF(146, 162), prop,
            r.Chance(0.5) ? r.RangeF(18, 46) : r.RangeF(154, 182), r.Pick(PropColors), tint, r.RangeF(0.88, 1.08));
    }

    internal static SKColor Shade(SKColor c, float f) =>
        new((byte)Math.Clamp(c.Red * f, 0, 255), (byte)Math.Clamp(c.Green * f, 0, 255), (byte)Math.Clamp(c.Blue * f, 0, 255), c.Alpha);
}

/// <summary>Camera framing: zoom about the player, offset (fraction of the frame) and roll.</summary>
public readonly record struct CameraFraming(float Zoom, float Dx, float Dy, float RotationDeg);

/// <summary>Everything about a scene that stays fixed through one piece (one "video").</summary>
public sealed record SceneLook(PlayerLook Player, Outfit Outfit, Backdrop Backdrop, CameraFraming Camera, bool Seated, string VoiceLabel)
{
    /// <summary>Chooses the player, clothes, room, camera and posture of a piece from its own random stream.</summary>
    public static SceneLook ForPiece(int seed, InstrumentProfile profile, int piece, InstrumentVoice voice)
    {
        var r = SeededRandom.For(seed, profile.Name, piece, "scene");
        var camera = new CameraFraming(r.RangeF(0.9, 1.12), r.RangeF(-0.06, 0.06), r.RangeF(-0.05, 0.05), r.RangeF(-4, 4));
        // Cellists, bassoonists, horn and tuba players sit; bassists stand; the others do either.
        bool seated = profile.Seated || (profile.Name != "double_bass" && r.Chance(0.35));
        return new SceneLook(PlayerLook.FromId(r.Next(0, 1000)), Outfit.FromId(r.Next(0, 1000)), Backdrop.FromId(r.Next(0, 1000)), camera, seated, voice.Label);
    }

    /// <summary>A small per-frame camera wobble, as from a hand-held or breathing shot.</summary>
    public CameraFraming Jitter(SeededRandom r) =>
        new(Camera.Zoom * r.RangeF(0.985, 1.015), Camera.Dx + r.RangeF(-0.008, 0.008), Camera.Dy + r.RangeF(-0.008, 0.008), Camera.RotationDeg + r.RangeF(-0.6, 0.6));
}
