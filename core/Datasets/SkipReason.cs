namespace CrossModal.Core.Datasets;

/// <summary>Why an item was left out of a dataset being read or built.</summary>
public enum SkipReason
{
    /// <summary>An image with no sound of the same name.</summary>
    ImageWithoutSound,
    /// <summary>A sound with no image of the same name.</summary>
    SoundWithoutImage,
    /// <summary>A name that does not follow <c>&lt;instrument&gt;&lt;NN&gt;_&lt;ms&gt;</c>.</summary>
    BadName,
    /// <summary>Two files claiming the same pair name (e.g. x.jpg and x.png).</summary>
    DuplicateName,
    UnreadableImage,
    UnreadableSound,
    /// <summary>A folder named after no known instrument, or a class present on one side only.</summary>
    UnknownLabel,
    /// <summary>A file or folder that has no place in the layout.</summary>
    UnexpectedFile,
    /// <summary>A chunk at or below the −45 dBFS loudness threshold.</summary>
    Silent,
    /// <summary>A chunk with no video frame inside it.</summary>
    NoFrame,
    /// <summary>A source video (or recording) that cannot be used at all.</summary>
    BadSource,
}
