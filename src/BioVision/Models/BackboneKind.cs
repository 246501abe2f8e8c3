namespace BioVision.Models;

/// <summary>Backbones <see cref="VOneNet.Create"/> can build.</summary>
public enum BackboneKind
{
    /// <summary>ResNet-18 (<see cref="ResNet.ResNet18"/>).</summary>
    ResNet18,

    /// <summary>ResNet-50 (<see cref="ResNet.ResNet50"/>), the reference's default back end.</summary>
    ResNet50,

    /// <summary>AlexNet (<see cref="Models.AlexNet"/>).</summary>
    AlexNet,

    /// <summary>A small CIFAR-scale ResNet-20 (<see cref="Models.CifarResNet"/>).</summary>
    CifarResNet,
}
