using BioVision.Data;
using BioVision.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace BioVision.Tests.Benchmarks.Neural;

/// <summary>
/// A test model that recognises which of n index-coded stimuli it is shown (image i is the constant (i + 1) / (n + 1))
/// and reports a given pattern matrix row as its layer <c>it</c>, plus the raw image as <c>pixels</c>.
/// </summary>
internal sealed class PatternModel : nn.Module<Tensor, Tensor>, IActivationModel
{
    private readonly Tensor _patterns;

    public PatternModel(double[,] patterns) : base(nameof(PatternModel))
    {
        int n = patterns.GetLength(0), f = patterns.GetLength(1);
        var flat = new double[n * f];
        Buffer.BlockCopy(patterns, 0, flat, 0, flat.Length * sizeof(double));
        _patterns = tensor(flat, [n, f], dtype: ScalarType.Float32);
        Count = n;
    }

    public int Count { get; }

    public IReadOnlyList<string> ActivationNames => ["pixels", "it", "output"];

    public override Tensor forward(Tensor input) => Forward(input, null);

    public Tensor Forward(Tensor input, IDictionary<string, Tensor>? activations)
    {
        var index = input.mean([1, 2, 3]).mul(Count + 1).round().sub(1).to(ScalarType.Int64);
        var it = _patterns.index_select(0, index);
        if (activations is not null)
        {
            activations["pixels"] = input.reshape(input.shape[0], -1);
            activations["it"] = it;
            activations["output"] = it;
        }

        return it;
    }

    /// <summary>n index-coded 1 × 4 × 4 images.</summary>
    public static IImageDataset Stimuli(int n)
    {
        var pixels = new byte[n * 16];
        var values = new float[n * 16];
        for (int i = 0; i < n; i++)
        {
            for (int p = 0; p < 16; p++)
            {
                values[(i * 16) + p] = (float)(i + 1) / (n + 1);
            }
        }

        return new TensorImages(values, n);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _patterns.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Float images (exact values, unlike 8-bit pixels).</summary>
    private sealed class TensorImages(float[] values, int n) : IImageDataset
    {
        public int Count => n;

        public IReadOnlyList<string> Classes { get; } = [.. Enumerable.Range(0, n).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];

        public ImageShape Shape { get; } = new(1, 4, 4);

        public Tensor GetImage(int index) => tensor(values.AsSpan(index * 16, 16).ToArray(), [1, 4, 4]);

        public int GetLabel(int index) => index;
    }
}
