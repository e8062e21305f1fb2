using CrossModal.Core;
using CrossModal.Core.Imaging;
using CrossModal.Core.Storage;
using CrossModal.Protos.V1;
using CrossModal.ModelServing;
using static TorchSharp.torch;

namespace CrossModal.EncoderService.Encoding;

/// <summary>Image bytes → safe decode, centre crop, 64x64 in [-1, 1] → the image classifier's embedding and class scores.</summary>
public sealed class ImageEncoding(ServiceModels models)
{
    public EncodeImageResponse Encode(byte[] image, string? modelId)
    {
        const int size = ImagePreprocessor.ModelImageSize;
        var id = models.Require(modelId, StoredModels.ImageEncoderId);
        if (id != StoredModels.ImageEncoderId)
            throw new InvalidInputException($"the image encoder is model '{StoredModels.ImageEncoderId}', not '{id}'.");
        var pixels = ImagePreprocessor.LoadForModel(image);
        var model = models.Set.ImageClassifier;
        using var scope = NewDisposeScope();
        using var _ = inference_mode();
        var (embedding, logits) = model.EmbedAndClassify(tensor(pixels, [1, 3, size, size]));
        var response = new EncodeImageResponse
        {
            ModelId = id,
            Prediction = Wire.Prediction(nn.functional.softmax(logits, 1).to_type(ScalarType.Float64).cpu().data<double>().ToArray()),
        };
        response.Embedding.AddRange(embedding.cpu().contiguous().data<float>().ToArray());
        return response;
    }
}
