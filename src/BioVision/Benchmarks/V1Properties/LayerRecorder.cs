using TorchSharp;
using static TorchSharp.torch;

namespace BioVision.Benchmarks.V1Properties;

/// <summary>
/// Keeps the units of one layer that the measurement follows: chosen on the first presentation from the layer's shape
/// (candidates near the stimulus, at most <see cref="V1PropertiesOptions.MaxUnitsPerLayer"/>), then narrowed to those
/// whose receptive field passes the selection.
/// </summary>
internal sealed class LayerRecorder(string name, int ordinal) : IDisposable
{
    public string Name { get; } = name;

    public Tensor? Index { get; private set; }

    public long LayerUnits { get; private set; }

    public int MappedUnits { get; private set; }

    /// <summary>Units the reference's map (no noise floor) would have selected; null when no floor was applied.</summary>
    public int? ReferenceSelection { get; set; }

    public int Count => Index is null ? 0 : (int)Index.shape[0];

    public void Initialise(long[] shape, V1PropertiesOptions options, Device device)
    {
        long units = 1;
        for (int d = 1; d < shape.Length; d++)
        {
            units *= shape[d];
        }

        LayerUnits = units;
        var candidates = new List<long>();
        if (shape.Length == 4 && !double.IsPositiveInfinity(options.CandidateMarginCells))
        {
            long channels = shape[1], height = shape[2], width = shape[3];
            double degrees = options.Screen.VisualDegrees;
            double spacing = Math.Max(degrees / height, degrees / width);
            double radius = options.ReceptiveFieldDelta + (options.CandidateMarginCells * spacing);
            var cells = new List<long>();
            for (long i = 0; i < height; i++)
            {
                double y = (((i + 0.5) / height) - 0.5) * degrees;
                for (long j = 0; j < width; j++)
                {
                    double x = (((j + 0.5) / width) - 0.5) * degrees;
                    if (Math.Sqrt(((y - options.PositionY) * (y - options.PositionY)) + ((x - options.PositionX) * (x - options.PositionX))) <= radius)
                    {
                        cells.Add((i * width) + j);
                    }
                }
            }

            for (long c = 0; c < channels; c++)
            {
                foreach (long cell in cells)
                {
                    candidates.Add((c * height * width) + cell);
                }
            }
        }
        else
        {
            if (units > int.MaxValue)
            {
                throw new InvalidOperationException($"Layer '{Name}' has {units} units; too many to map whole.");
            }

            for (long u = 0; u < units; u++)
            {
                candidates.Add(u);
            }
        }

        if (candidates.Count > options.MaxUnitsPerLayer)
        {
            var random = Rsa.SeededRandom.Create(unchecked((options.Seed * 1_000_003) + ordinal));
            var chosen = candidates.ToArray();
            random.Shuffle(chosen);
            candidates = chosen.Take(options.MaxUnitsPerLayer).Order().ToList();
        }

        Index = tensor(candidates.ToArray(), ScalarType.Int64, device).DetachFromDisposeScope();
        MappedUnits = candidates.Count;
    }

    /// <summary>The followed units of a batch's activation, <c>[batch, units]</c>, float32.</summary>
    public Tensor Select(Tensor activation)
    {
        long batch = activation.shape[0];
        return activation.reshape(batch, -1).index_select(1, Index!).to(ScalarType.Float32);
    }

    /// <summary>Keeps only the units at <paramref name="positions"/> (indices into the current selection).</summary>
    public void Narrow(Tensor positions)
    {
        var narrowed = Index!.index_select(0, positions);
        Index.Dispose();
        Index = narrowed.DetachFromDisposeScope();
    }

    public void Dispose() => Index?.Dispose();
}
