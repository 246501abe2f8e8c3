using System.Globalization;
using System.Text;
using System.Text.Json;

namespace BioVision.V1;

/// <summary>
/// The full, inspectable parameter set of a V1 filter bank: one entry per output channel (simple cells first, then
/// complex cells), in the units the physiology literature uses. Save it, edit it, load it, and build a
/// <see cref="VOneBlock"/> from it.
/// </summary>
/// <remarks>
/// Channel <c>i &lt; SimpleChannels</c> is a simple cell (uses the q0 filter only); the rest are complex cells (q0 and
/// the q1 filter, phase + π/2). Conversion to pixels, as in the reference: <c>ppd = imageSize / visualDegrees</c>,
/// frequency in cycles/pixel <c>f = sf / ppd</c>, <c>σx = nx / f</c>, <c>σy = ny / f</c>, angles in radians.
/// </remarks>
public sealed record V1Parameters
{
    /// <summary>Number of simple cells (the first channels).</summary>
    public int SimpleChannels { get; init; }

    /// <summary>Number of complex cells (the last channels).</summary>
    public int ComplexChannels { get; init; }

    /// <summary>Number of input colour channels the filters read from (3 for RGB, 1 for grayscale).</summary>
    public int InputChannels { get; init; } = 3;

    /// <summary>Peak spatial frequency of each filter, cycles per degree.</summary>
    public IReadOnlyList<double> SpatialFrequency { get; init; } = [];

    /// <summary>Preferred orientation of each filter, degrees in [0, 180).</summary>
    public IReadOnlyList<double> Orientation { get; init; } = [];

    /// <summary>Phase of each q0 filter, degrees in [0, 360).</summary>
    public IReadOnlyList<double> Phase { get; init; } = [];

    /// <summary>Envelope width along the carrier in carrier periods (Ringach's nx = σx · f).</summary>
    public IReadOnlyList<double> Nx { get; init; } = [];

    /// <summary>Envelope length across the carrier in carrier periods (Ringach's ny = σy · f).</summary>
    public IReadOnlyList<double> Ny { get; init; } = [];

    /// <summary>Input colour channel read by each q0 filter.</summary>
    public IReadOnlyList<int> ColorChannel { get; init; } = [];

    /// <summary>Input colour channel read by each q1 (quadrature) filter.</summary>
    public IReadOnlyList<int> QuadratureColorChannel { get; init; } = [];

    /// <summary>Total number of channels.</summary>
    public int Count => SimpleChannels + ComplexChannels;

    /// <summary>Checks sizes and values and returns this instance.</summary>
    /// <exception cref="InvalidDataException">A per-filter list has the wrong length or a value is out of range.</exception>
    public V1Parameters Validate()
    {
        if (SimpleChannels < 0 || ComplexChannels < 0 || Count == 0)
        {
            throw new InvalidDataException($"V1 parameters need a positive number of channels (simple {SimpleChannels}, complex {ComplexChannels}).");
        }

        if (InputChannels < 1)
        {
            throw new InvalidDataException($"V1 parameters need at least one input channel (got {InputChannels}).");
        }

        Check(SpatialFrequency, nameof(SpatialFrequency), v => v > 0);
        Check(Orientation, nameof(Orientation), double.IsFinite);
        Check(Phase, nameof(Phase), double.IsFinite);
        Check(Nx, nameof(Nx), v => v > 0);
        Check(Ny, nameof(Ny), v => v > 0);
        CheckChannels(ColorChannel, nameof(ColorChannel));
        CheckChannels(QuadratureColorChannel, nameof(QuadratureColorChannel));
        return this;
    }

    /// <summary>Serialises to indented JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, V1JsonContext.Default.V1Parameters);

    /// <summary>Parses and validates JSON written by <see cref="ToJson"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <exception cref="InvalidDataException">The text is not valid V1 parameter JSON.</exception>
    public static V1Parameters FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        V1Parameters? value;
        try
        {
            value = JsonSerializer.Deserialize(json, V1JsonContext.Default.V1Parameters);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Malformed V1 parameter JSON: {e.Message}", e);
        }

        return (value ?? throw new InvalidDataException("V1 parameter JSON is empty (null).")).Validate();
    }

    /// <summary>Writes the parameters to a JSON file.</summary>
    /// <param name="path">Destination file.</param>
    public void Save(string path) => File.WriteAllText(path, ToJson());

    /// <summary>Reads parameters from a JSON file written by <see cref="Save"/>.</summary>
    /// <param name="path">Source file.</param>
    /// <exception cref="InvalidDataException">The file is malformed or inconsistent.</exception>
    public static V1Parameters Load(string path) => FromJson(File.ReadAllText(path));

    /// <summary>A short table of the first rows and summary statistics.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"V1Parameters: {SimpleChannels} simple + {ComplexChannels} complex channels, {InputChannels} input channel(s)");
        sb.AppendLine("  ch   type     sf(cpd)  ori(deg)  phase(deg)     nx      ny   colour q0/q1");
        int rows = Math.Min(Count, 8);
        for (int i = 0; i < rows; i++)
        {
            string kind = i < SimpleChannels ? "simple " : "complex";
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"  {i,3}  {kind}  {SpatialFrequency[i],7:F3}  {Orientation[i],8:F2}  {Phase[i],10:F2}  {Nx[i],6:F3}  {Ny[i],6:F3}   {ColorChannel[i]}/{QuadratureColorChannel[i]}");
        }

        if (Count > rows)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"  ... {Count - rows} more");
        }

        sb.Append(CultureInfo.InvariantCulture, $"  mean sf {SpatialFrequency.Average():F3} cpd, mean nx {Nx.Average():F3}, mean ny {Ny.Average():F3}");
        return sb.ToString();
    }

    private void Check(IReadOnlyList<double> values, string name, Func<double, bool> valid)
    {
        if (values is null || values.Count != Count)
        {
            throw new InvalidDataException($"V1 parameter list {name} has {values?.Count ?? 0} entries; expected {Count} (simple + complex channels).");
        }

        for (int i = 0; i < values.Count; i++)
        {
            if (!valid(values[i]) || double.IsNaN(values[i]))
            {
                throw new InvalidDataException($"V1 parameter {name}[{i}] = {values[i].ToString(CultureInfo.InvariantCulture)} is out of range.");
            }
        }
    }

    private void CheckChannels(IReadOnlyList<int> values, string name)
    {
        if (values is null || values.Count != Count)
        {
            throw new InvalidDataException($"V1 parameter list {name} has {values?.Count ?? 0} entries; expected {Count}.");
        }

        for (int i = 0; i < values.Count; i++)
        {
            if (values[i] < 0 || values[i] >= InputChannels)
            {
                throw new InvalidDataException($"V1 parameter {name}[{i}] = {values[i]} is not an input channel (0..{InputChannels - 1}).");
            }
        }
    }
}
