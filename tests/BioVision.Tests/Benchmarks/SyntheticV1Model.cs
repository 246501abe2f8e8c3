using BioVision.Benchmarks.V1Properties;
using BioVision.Models;
using BioVision.Stochastic;
using TorchSharp;
using static TorchSharp.torch;

namespace BioVision.Tests.Benchmarks;

/// <summary>A model unit with known tuning: a quadrature pair of Gabor (or hard-disc) filters with an optional suppressive surround.</summary>
/// <param name="Orientation">Preferred orientation, degrees (the grating convention: 0 varies along x).</param>
/// <param name="SpatialFrequency">Carrier frequency, cycles/degree.</param>
/// <param name="Sigma">Gaussian envelope, degrees; or 0 for a hard disc of <paramref name="CentreRadius"/>.</param>
/// <param name="CentreRadius">Hard-disc radius when <paramref name="Sigma"/> is 0.</param>
/// <param name="SurroundRadius">Outer radius of the annular surround (0: none).</param>
/// <param name="SurroundWeight">Weight of the surround energy subtracted from the centre energy.</param>
/// <param name="OffsetX">Displacement of the unit's centre from the model's position, degrees rightwards.</param>
internal sealed record SyntheticUnit(double Orientation, double SpatialFrequency, double Sigma, double CentreRadius = 0, double SurroundRadius = 0, double SurroundWeight = 0, double OffsetX = 0);

/// <summary>
/// A model of named layers of energy units, <c>relu(E_centre − w · E_surround)</c> with E the quadrature energy of the
/// image minus grey, all centred on the stimulus position. A layer can also be another layer's output with the units
/// in reverse order, or with Gaussian noise added (stochastic, from the model's own generator once reseeded).
/// </summary>
internal sealed class SyntheticV1Model : nn.Module<Tensor, Tensor>, IActivationModel, IStochasticModule
{
    private Generator? generator;

    private readonly List<(string Name, Tensor? Centre, Tensor? Surround, Tensor? Weight, string? Source, bool Flip, double Noise)> layers = [];
    private readonly ScreenGeometry screen;
    private readonly double positionY;
    private readonly double positionX;

    public SyntheticV1Model(ScreenGeometry screen, double positionY, double positionX) : base(nameof(SyntheticV1Model))
    {
        this.screen = screen;
        this.positionY = positionY;
        this.positionX = positionX;
    }

    public IReadOnlyList<string> ActivationNames => layers.Select(l => l.Name).ToArray();

    public bool DrawsNoise => NoiseControlOverride is not (NoiseControl.Off or NoiseControl.FixedSeed) && layers.Any(l => l.Noise > 0);

    public NoiseControl? NoiseControlOverride { get; set; }

    public void Reseed(ulong seed)
    {
        generator?.Dispose();
        generator = new Generator(seed);
    }

    public void AddUnits(string name, IReadOnlyList<SyntheticUnit> units)
    {
        var centre = new List<Tensor>();
        var surround = new List<Tensor>();
        int n = screen.ImageSize;
        double ppd = screen.PixelsPerDegree;
        var coordinate = arange(n, ScalarType.Float64).add(0.5 - (n / 2.0)).div(ppd);
        var y = coordinate.view(n, 1).sub(positionY);
        foreach (var u in units)
        {
            var x = coordinate.view(1, n).sub(positionX + u.OffsetX);
            var r2 = x.square().add(y.square());
            double theta = u.Orientation * Math.PI / 180;
            var argument = x.mul(Math.Cos(theta)).add(y.mul(Math.Sin(theta))).mul(2 * Math.PI * u.SpatialFrequency);
            var envelope = u.Sigma > 0 ? r2.div(-2 * u.Sigma * u.Sigma).exp() : r2.le(u.CentreRadius * u.CentreRadius).to(ScalarType.Float64);
            var ring = r2.gt(u.CentreRadius * u.CentreRadius).logical_and(r2.le(u.SurroundRadius * u.SurroundRadius)).to(ScalarType.Float64);
            centre.Add(stack([argument.cos().mul(envelope), argument.sin().mul(envelope)]).view(2, -1));
            surround.Add(stack([argument.cos().mul(ring), argument.sin().mul(ring)]).view(2, -1));
        }

        layers.Add((name, cat(centre).to(ScalarType.Float32), cat(surround).to(ScalarType.Float32), tensor(units.Select(u => (float)u.SurroundWeight).ToArray()), null, false, 0));
    }

    public void AddDerived(string name, string source, bool flip, double noise) => layers.Add((name, null, null, null, source, flip, noise));

    public override Tensor forward(Tensor input) => Forward(input, null);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            generator?.Dispose();
        }

        base.Dispose(disposing);
    }

    public Tensor Forward(Tensor input, IDictionary<string, Tensor>? activations)
    {
        var image = input.select(1, 0).sub(GratingRenderer.Grey).flatten(1);
        var outputs = new Dictionary<string, Tensor>();
        foreach (var layer in layers)
        {
            Tensor output;
            if (layer.Source is null)
            {
                static Tensor Energy(Tensor q) => q.view(q.shape[0], -1, 2).square().sum(2).sqrt();
                output = nn.functional.relu(Energy(image.matmul(layer.Centre!.t())).sub(Energy(image.matmul(layer.Surround!.t())).mul(layer.Weight!)));
            }
            else
            {
                output = outputs[layer.Source];
                output = layer.Flip ? output.flip(1) : output;
                output = layer.Noise > 0 && NoiseControlOverride != NoiseControl.Off ? output.add(randn(output.shape, output.dtype, output.device, generator: generator).mul(layer.Noise)) : output;
            }

            outputs[layer.Name] = output;
            activations?.Add(layer.Name, output);
        }

        return outputs[layers[^1].Name];
    }
}
