using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace BioVision.Models;

/// <summary>
/// A small baseline convolutional network for quick training runs and tests: two stages of two 3x3
/// convolution-batchnorm-ReLU blocks, each followed by 2x2 max pooling, then 2x2 adaptive average pooling and a
/// linear classifier. Works for any input of at least 4x4 pixels. State-dict keys: <c>features.N.*</c> and
/// <c>classifier.*</c>, as a PyTorch <c>nn.Sequential</c> of the same layers would name them. Reported activations
/// (<see cref="IActivationModel"/>): the ReLU outputs <c>features.2</c>, <c>features.9</c>, the pooled stage outputs
/// <c>features.6</c>, <c>features.13</c>, the 2x2 average pool <c>pool</c> and <c>output</c>.
/// </summary>
public sealed class SmallCnn : Module<Tensor, Tensor>, IActivationModel
{
    private readonly Sequential features;
    private readonly AdaptiveAvgPool2d pool;
    private readonly Linear classifier;

    /// <summary>Builds the network.</summary>
    /// <param name="inputChannels">Channels of the input images (1 grayscale, 3 RGB).</param>
    /// <param name="classes">Number of output classes.</param>
    /// <param name="width">Channels of the first stage; the second stage has twice as many. Default 32.</param>
    /// <param name="device">Device for the parameters; null means the CPU.</param>
    public SmallCnn(int inputChannels, int classes, int width = 32, Device? device = null)
        : base(nameof(SmallCnn))
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputChannels);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        InputChannels = inputChannels;
        int wide = 2 * width;
        features = Sequential(
            Conv2d(inputChannels, width, 3, padding: 1, bias: false), BatchNorm2d(width), ReLU(),
            Conv2d(width, width, 3, padding: 1, bias: false), BatchNorm2d(width), ReLU(),
            MaxPool2d(2),
            Conv2d(width, wide, 3, padding: 1, bias: false), BatchNorm2d(wide), ReLU(),
            Conv2d(wide, wide, 3, padding: 1, bias: false), BatchNorm2d(wide), ReLU(),
            MaxPool2d(2));
        pool = AdaptiveAvgPool2d(2);
        classifier = Linear(wide * 4, classes);
        RegisterComponents();
        if (device is not null && device.type != DeviceType.CPU)
        {
            this.to(device);
        }
    }

    /// <summary>Channels the network expects.</summary>
    public int InputChannels { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> ActivationNames => ["features.2", "features.6", "features.9", "features.13", "pool", "output"];

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        CheckInput(input);

        // No dispose scope inside forward: the caller's scope collects the intermediates after backward.
        return classifier.forward(pool.forward(features.forward(input)).flatten(1));
    }

    /// <inheritdoc />
    public Tensor Forward(Tensor input, IDictionary<string, Tensor>? activations)
    {
        if (activations is null)
        {
            return forward(input);
        }

        CheckInput(input);
        using var scope = NewDisposeScope();
        var taps = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var x = input;
        foreach (var (name, module) in features.named_children())
        {
            x = ((Module<Tensor, Tensor>)module).forward(x);
            if (name is "2" or "6" or "9" or "13")
            {
                x.Tap(taps, "features." + name);
            }
        }

        x = pool.forward(x).flatten(1).Tap(taps, "pool");
        x = classifier.forward(x).Tap(taps, "output");
        return ActivationExtensions.Publish(x, taps, activations);
    }

    private void CheckInput(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.dim() != 4 || input.shape[1] != InputChannels)
        {
            throw new ArgumentException($"SmallCnn expects images [N, {InputChannels}, H, W], got [{string.Join(", ", input.shape)}].", nameof(input));
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            features.Dispose();
            pool.Dispose();
            classifier.Dispose();
        }

        base.Dispose(disposing);
    }
}
