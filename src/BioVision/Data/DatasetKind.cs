namespace BioVision.Data;

/// <summary>The datasets that <see cref="DatasetCatalog"/> can open for training.</summary>
public enum DatasetKind
{
    /// <summary>The built-in <see cref="ProceduralDataset"/> (no files needed).</summary>
    Procedural,

    /// <summary>Fashion-MNIST IDX files (<see cref="FashionMnist"/>).</summary>
    FashionMnist,

    /// <summary>CIFAR-10 binary batches (<see cref="Cifar"/>).</summary>
    Cifar10,

    /// <summary>CIFAR-100 binary files (<see cref="Cifar"/>).</summary>
    Cifar100,

    /// <summary>A folder with one subfolder of images per class (<see cref="ImageFolder"/>).</summary>
    Folder,
}
