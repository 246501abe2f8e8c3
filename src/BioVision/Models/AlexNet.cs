using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BioVision.Models;

/// <summary>
/// AlexNet with torchvision's layout and names (<c>features.N</c>, <c>avgpool</c>, <c>classifier.N</c>). Without the stem
/// it is the reference VOneNet back end (<c>AlexNetBackEnd</c>): the 11×11 first convolution and its pool are replaced by
/// the V1 block, and <c>features</c> starts with a 64→192 5×5 convolution of stride 2; pooling to 7×7.
/// </summary>
public sealed class AlexNet : nn.Module<Tensor, Tensor>, IActivationModel
{
    private readonly Sequential features;
    private readonly AdaptiveAvgPool2d avgpool;
    private readonly Sequential classifier;
    private readonly string[] _featureNames;
    private readonly nn.Module<Tensor, Tensor>[] _featureModules;
    private readonly nn.Module<Tensor, Tensor>[] _classifierModules;

    /// <summary>Builds AlexNet.</summary>
    /// <param name="numClasses">Output classes.</param>
    /// <param name="stem">True for torchvision's AlexNet; false for the VOneNet back end (64-channel input).</param>
    /// <param name="inputChannels">Image channels when <paramref name="stem"/> is true.</param>
    /// <param name="dropout">Dropout probability in the classifier (0.5).</param>
    public AlexNet(int numClasses, bool stem = true, int inputChannels = 3, double dropout = 0.5) : base(nameof(AlexNet))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numClasses, 1);
        HasStem = stem;
        _featureModules = stem
            ?
            [
                nn.Conv2d(inputChannels, 64, 11, stride: 4, padding: 2), nn.ReLU(), nn.MaxPool2d(3, stride: 2),
                nn.Conv2d(64, 192, 5, padding: 2), nn.ReLU(), nn.MaxPool2d(3, stride: 2),
                nn.Conv2d(192, 384, 3, padding: 1), nn.ReLU(),
                nn.Conv2d(384, 256, 3, padding: 1), nn.ReLU(),
                nn.Conv2d(256, 256, 3, padding: 1), nn.ReLU(), nn.MaxPool2d(3, stride: 2),
            ]
            :
            [
                nn.Conv2d(64, 192, 5, stride: 2, padding: 2), nn.ReLU(), nn.MaxPool2d(3, stride: 2, padding: 1),
                nn.Conv2d(192, 384, 3, padding: 1), nn.ReLU(),
                nn.Conv2d(384, 256, 3, padding: 1), nn.ReLU(),
                nn.Conv2d(256, 256, 3, padding: 1), nn.ReLU(), nn.MaxPool2d(3, stride: 2, padding: 1),
            ];
        _featureNames = Enumerable.Range(0, _featureModules.Length).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        features = nn.Sequential(_featureNames.Zip(_featureModules).Select(p => (p.First, p.Second)).ToArray());
        long pool = stem ? 6 : 7;
        avgpool = nn.AdaptiveAvgPool2d(new long[] { pool, pool });
        _classifierModules =
        [
            nn.Dropout(dropout), nn.Linear(256 * pool * pool, 4096), nn.ReLU(),
            nn.Dropout(dropout), nn.Linear(4096, 4096), nn.ReLU(),
            nn.Linear(4096, numClasses),
        ];
        classifier = nn.Sequential(_classifierModules.Select((m, i) => (i.ToString(System.Globalization.CultureInfo.InvariantCulture), m)).ToArray());
        RegisterComponents();
    }

    /// <summary>Whether the first convolution (stem) is present.</summary>
    public bool HasStem { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> ActivationNames =>
        _featureModules.Select((m, i) => (m, i)).Where(p => p.m is ReLU).Select(p => "features." + _featureNames[p.i])
            .Concat(["avgpool", "classifier.2", "classifier.5", "output"]).ToArray();

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => Forward(input, null);

    /// <inheritdoc />
    public Tensor Forward(Tensor input, IDictionary<string, Tensor>? activations)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = NewDisposeScope();
        var taps = activations is null ? null : new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var x = input;
        for (int i = 0; i < _featureModules.Length; i++)
        {
            x = _featureModules[i].forward(x);
            if (_featureModules[i] is ReLU)
            {
                x.Tap(taps, "features." + _featureNames[i]);
            }
        }

        x = avgpool.forward(x).flatten(1).Tap(taps, "avgpool");
        for (int i = 0; i < _classifierModules.Length; i++)
        {
            x = _classifierModules[i].forward(x);
            if (i is 2 or 5)
            {
                x.Tap(taps, "classifier." + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        x.Tap(taps, "output");
        return ActivationExtensions.Publish(x, taps, activations);
    }
}
