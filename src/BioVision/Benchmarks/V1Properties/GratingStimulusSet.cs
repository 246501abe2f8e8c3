namespace BioVision.Benchmarks.V1Properties;

/// <summary>
/// A grating stimulus set in the reference's order: a full grid over <see cref="Dimensions"/>, the last dimension
/// varying fastest (phase is always last), so responses reshape to <c>[units, Dimensions...]</c>.
/// </summary>
/// <param name="Name">The Brain-Score stimulus-set name, e.g. <c>Marques2020_orientation</c>.</param>
/// <param name="Gratings">The stimuli, one image each.</param>
/// <param name="Dimensions">Names of the grid dimensions, slowest first (e.g. <c>cycles, spatial_frequency, orientation, phase</c>).</param>
/// <param name="Shape">Length of each grid dimension; the product is the number of gratings.</param>
public sealed record GratingStimulusSet(string Name, IReadOnlyList<Grating> Gratings, IReadOnlyList<string> Dimensions, IReadOnlyList<int> Shape)
{
    /// <summary>Number of stimuli.</summary>
    public int Count => Gratings.Count;
}
