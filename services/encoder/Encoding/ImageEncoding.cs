using CrossModal.Core.Imaging;
using CrossModal.Core.Pipelines;
using CrossModal.Protos.V1;
using CrossModal.ServiceDefaults;
using static TorchSharp.torch;

namespace CrossModal.EncoderService.Encoding;

/// <summary>Image bytes → safe decode, centre crop, 64x64 in [-1, 1] → image-classifier embedding and class scores.</summary>
public sealed class ImageEncoding(ServiceModels models)
{
    public EncodeImageResponse Encode(byte[] image, string? modelId)
    {
        const int size = ImagePreprocessor.ModelImageSize;
        var pixels = ImagePreprocessor.LoadForModel(image);
        var model = models.ImageEncoder(modelId);
        using var scope = NewDisposeScope();
        using var _ = inference_mode();
        var (embedding, logits) = model.EmbedAndClassify(tensor(pixels, [1, 3, size, size]).to(models.Device));
        var response = new EncodeImageResponse
        {
            ModelId = string.IsNullOrWhiteSpace(modelId) ? StoredModels.ImageEncoderId : modelId.Trim(),
            Prediction = Wire.Prediction(nn.functional.softmax(logits, 1).to_type(ScalarType.Float64).cpu().data<double>().ToArray()),
        };
        response.Embedding.AddRange(embedding.cpu().contiguous().data<float>().ToArray());
        return response;
    }
}
