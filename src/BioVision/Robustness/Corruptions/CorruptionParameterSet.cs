namespace BioVision.Robustness.Corruptions;

/// <summary>Which published parameter table a corruption uses.</summary>
public enum CorruptionParameterSet
{
    /// <summary>CIFAR-10-C (<c>make_cifar_c.py</c>, 32 px); used for images up to 48 px (e.g. Fashion-MNIST's 28 px).</summary>
    Cifar10C,

    /// <summary>Tiny-ImageNet-C (<c>make_tinyimagenet_c.py</c>, 64 px); used for images of 49–144 px.</summary>
    TinyImageNetC,

    /// <summary>ImageNet-C (<c>make_imagenet_c.py</c>, 224 px); used for images above 144 px.</summary>
    ImageNetC,
}
