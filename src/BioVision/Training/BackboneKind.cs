namespace BioVision.Training;

/// <summary>The network that <see cref="ModelFactory"/> builds after the optional VOne front end.</summary>
public enum BackboneKind
{
    /// <summary>The small baseline CNN (<see cref="Models.SmallCnn"/>), for quick runs and tests.</summary>
    SmallCnn,

    /// <summary>AlexNet (Krizhevsky et al. 2012), as in torchvision.</summary>
    AlexNet,

    /// <summary>ResNet-18 (He et al. 2016), as in torchvision.</summary>
    ResNet18,

    /// <summary>ResNet-50 (He et al. 2016), as in torchvision.</summary>
    ResNet50,

    /// <summary>The CIFAR variant of ResNet (3x3 stem, no initial pooling).</summary>
    CifarResNet,
}
