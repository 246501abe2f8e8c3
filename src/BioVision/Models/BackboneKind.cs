namespace BioVision.Models;

/// <summary>Backbones <see cref="VOneNet.Create"/> and <see cref="Models.ModelFactory"/> can build.</summary>
public enum BackboneKind
{
    /// <summary>The small 4-layer CNN for 28–64 px images (<see cref="Models.SmallCnn"/>); its width is set by the model spec.</summary>
    SmallCnn,

    /// <summary>ResNet-18 (<see cref="ResNet.ResNet18"/>).</summary>
    ResNet18,

    /// <summary>ResNet-50 (<see cref="ResNet.ResNet50"/>), the reference's default back end.</summary>
    ResNet50,

    /// <summary>AlexNet (<see cref="Models.AlexNet"/>).</summary>
    AlexNet,

    /// <summary>A small CIFAR-scale ResNet-20 (<see cref="Models.CifarResNet"/>).</summary>
    CifarResNet,
}
