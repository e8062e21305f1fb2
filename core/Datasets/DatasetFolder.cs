namespace CrossModal.Core.Datasets;

/// <summary>Opens a dataset folder with the reader its layout calls for.</summary>
public static class DatasetFolder
{
    /// <summary>
    /// <c>img/</c> + <c>chunk/</c>: the Sub-URMP layout; <c>images/</c> + <c>sounds/</c>: category-paired (INIS style,
    /// read with <paramref name="categoryOptions"/>). Anything else is refused with the layouts it could have been.
    /// </summary>
    public static PairedDataset Read(string root, DatasetVerification verification = DatasetVerification.Headers,
        CategoryReadOptions? categoryOptions = null, CancellationToken ct = default)
    {
        if (!Directory.Exists(root)) throw new InvalidInputException($"'{root}': dataset folder not found.");
        bool Has(string folder) => Directory.Exists(Path.Combine(root, folder));
        if (Has(DatasetLayout.ImageFolder) || Has(DatasetLayout.SoundFolder))
            return SubUrmpDatasetReader.Read(root, verification, ct);
        if (Has(CategoryPairedDatasetReader.ImagesFolder) || Has(CategoryPairedDatasetReader.SoundsFolder))
            return CategoryPairedDatasetReader.Read(root, (categoryOptions ?? new CategoryReadOptions()) with { Verification = verification }, ct);
        throw new InvalidInputException(
            $"'{root}' is not a dataset: expected img/ and chunk/ (Sub-URMP layout) or images/ and sounds/ (category-paired).");
    }
}
