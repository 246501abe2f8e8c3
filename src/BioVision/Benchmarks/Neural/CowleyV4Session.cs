using System.Text.Json.Serialization;
using BioVision.Data;

namespace BioVision.Benchmarks.Neural;

/// <summary>
/// One session of Cowley et al. (2023) macaque V4 recordings: the images (as the model sees them) and the
/// repeat-averaged spike counts, stimuli × neurons in the images' order.
/// </summary>
/// <param name="Session">Session id, e.g. <c>210224</c>.</param>
/// <param name="Images">The images (pixels in [0, 1]).</param>
/// <param name="Responses">Spike counts, images × neurons.</param>
public sealed record CowleyV4Session(string Session, [property: JsonIgnore] IImageDataset Images, [property: JsonIgnore] double[,] Responses)
{
    /// <summary>Number of neurons.</summary>
    public int Neurons => Responses.GetLength(1);

    /// <summary>Number of images.</summary>
    public int Count => Responses.GetLength(0);
}
