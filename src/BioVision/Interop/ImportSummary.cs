using BioVision.Models;
using BioVision.Serialization;
using System.Text;
using BioVision.Training;

namespace BioVision.Interop;

/// <summary>What an import read and built: the file's layout, the inferred model, the choices made, and the key report.</summary>
public sealed record ImportSummary
{
    /// <summary>How the file was laid out (format, top-level keys, prefixes stripped).</summary>
    public string Layout { get; init; } = "";

    /// <summary>The architecture name recorded in the file, if any.</summary>
    public string? Arch { get; init; }

    /// <summary>The epoch recorded in the file, if any.</summary>
    public int? Epoch { get; init; }

    /// <summary>The model built (rebuild it with <see cref="ModelFactory.Create"/>).</summary>
    public ModelSpec Spec { get; init; } = new();

    /// <summary>Stem/<c>layer1</c> width of a ResNet back end (64 for the published and torchvision models; null otherwise).</summary>
    public int? BackboneWidth { get; init; }

    /// <summary>Options not recorded in the file (reference defaults used) and other inferences.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Which keys loaded, which did not.</summary>
    public StateDictLoadReport Report { get; init; } = new();

    /// <summary>A readable summary.</summary>
    public override string ToString()
    {
        var b = new StringBuilder();
        b.Append("layout:  ").Append(Layout).Append('\n');
        b.Append("model:   ").Append(Spec.Name).Append(", ").Append(Spec.Classes).Append(" classes");
        if (Spec.VOneBlock is { } v)
        {
            b.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"; V1 {v.SimpleChannels}+{v.ComplexChannels} channels, k {v.KernelSize}, stride {v.Stride}, k_exc {v.KExc}, noise {v.NoiseMode} (scale {v.NoiseScale}, level {v.NoiseLevel})");
        }

        b.Append('\n');
        if (Arch is not null || Epoch is not null)
        {
            b.Append("recorded: arch ").Append(Arch ?? "-").Append(", epoch ").Append(Epoch?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-").Append('\n');
        }

        foreach (string n in Notes)
        {
            b.Append("note:    ").Append(n).Append('\n');
        }

        b.Append(Report);
        return b.ToString();
    }
}
