using System.Globalization;
using System.Text;
using BioVision.Interop;
using BioVision.Rsa;
using BioVision.Rsa.RdmMethods;
using static TorchSharp.torch;

namespace BioVision.Benchmarks.Neural;

/// <summary>
/// Activations of named layers for a stimulus set, one float32 tensor <c>[stimuli, features]</c> per layer on the
/// model's device, averaged over noise draws and, for layers above <see cref="ExtractionOptions.MaxFeatures"/>, reduced
/// by a seeded random projection. Owns its tensors: dispose it.
/// </summary>
public sealed class LayerActivations : IDisposable
{
    private readonly Dictionary<string, Tensor> _values;

    internal LayerActivations(IReadOnlyList<string> layers, Dictionary<string, Tensor> values, IReadOnlyDictionary<string, long> originalFeatures, int stimuli, int draws)
    {
        Layers = layers;
        _values = values;
        OriginalFeatures = originalFeatures;
        Stimuli = stimuli;
        Draws = draws;
    }

    /// <summary>Layer names, in the model's order.</summary>
    public IReadOnlyList<string> Layers { get; }

    /// <summary>Features of each layer before reduction (channels × height × width).</summary>
    public IReadOnlyDictionary<string, long> OriginalFeatures { get; }

    /// <summary>Number of stimuli (rows).</summary>
    public int Stimuli { get; }

    /// <summary>Forward passes averaged per image (1 for a deterministic model).</summary>
    public int Draws { get; }

    /// <summary>The activations of a layer, <c>[stimuli, features]</c>, float32 on the model's device.</summary>
    /// <param name="layer">Layer name.</param>
    /// <exception cref="KeyNotFoundException">The layer was not recorded.</exception>
    public Tensor this[string layer] => _values.TryGetValue(layer, out var t) ? t
        : throw new KeyNotFoundException($"Layer '{layer}' was not recorded; recorded: {string.Join(", ", Layers)}.");

    /// <summary>Features kept for a layer (after any reduction).</summary>
    /// <param name="layer">Layer name.</param>
    public long Features(string layer) => this[layer].shape[1];

    /// <summary>The correlation-distance (1 − Pearson r) RDM of a layer, computed on its device.</summary>
    /// <param name="layer">Layer name.</param>
    /// <param name="method">Euclidean or correlation (default).</param>
    public Rdms Rdm(string layer, RdmMethod method = RdmMethod.Correlation) => ActivationRdm.ComputeRdm(this[layer], method);

    /// <summary>All layers' RDMs as one <see cref="Rdms"/> with a <c>name</c> descriptor (layer names).</summary>
    /// <param name="method">Euclidean or correlation (default).</param>
    public Rdms Rdms(RdmMethod method = RdmMethod.Correlation)
    {
        var parts = Layers.Select(l => Rdm(l, method).WithDescriptor("name", [l])).ToList();
        return Rsa.Rdms.Concat(parts);
    }

    /// <summary>A layer's activations copied to host memory as <c>stimuli × features</c> doubles.</summary>
    /// <param name="layer">Layer name.</param>
    public double[,] ToMatrix(string layer)
    {
        using var scope = NewDisposeScope();
        var t = this[layer].to(ScalarType.Float64).cpu().contiguous();
        int n = (int)t.shape[0], f = (int)t.shape[1];
        var data = t.data<double>().ToArray();
        var m = new double[n, f];
        Buffer.BlockCopy(data, 0, m, 0, data.Length * sizeof(double));
        return m;
    }

    /// <summary>A table of layers, original and kept features.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"{Stimuli} stimuli, {Draws} draw(s)");
        foreach (string l in Layers)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"  {l,-24} {OriginalFeatures[l],10} -> {Features(l),8}");
        }

        return sb.ToString();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var t in _values.Values)
        {
            t.Dispose();
        }

        _values.Clear();
    }
}
