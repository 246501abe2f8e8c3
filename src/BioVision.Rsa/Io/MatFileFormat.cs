namespace BioVision.Rsa.Io;

/// <summary>The MAT-file container format.</summary>
public enum MatFileFormat
{
    /// <summary>Level 5 MAT-file (MATLAB 5 to 7.2, <c>save -v7</c>/<c>-v6</c>), read by <see cref="MatFileReader"/>.</summary>
    Version5,

    /// <summary>MATLAB 7.3 MAT-file, an HDF5 file with a 512-byte user block, read by <see cref="MatHdf5Reader"/>.</summary>
    Version73,
}
