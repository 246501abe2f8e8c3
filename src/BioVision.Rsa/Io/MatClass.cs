namespace BioVision.Rsa.Io;

/// <summary>MATLAB array classes (mxClassID), with <see cref="Logical"/> split out of uint8 as MATLAB shows it.</summary>
public enum MatClass
{
    /// <summary>Cell array.</summary>
    Cell = 1,

    /// <summary>Struct array.</summary>
    Struct = 2,

    /// <summary>Character array.</summary>
    Char = 4,

    /// <summary>64-bit floating point.</summary>
    Double = 6,

    /// <summary>32-bit floating point.</summary>
    Single = 7,

    /// <summary>Signed 8-bit integer.</summary>
    Int8 = 8,

    /// <summary>Unsigned 8-bit integer.</summary>
    UInt8 = 9,

    /// <summary>Signed 16-bit integer.</summary>
    Int16 = 10,

    /// <summary>Unsigned 16-bit integer.</summary>
    UInt16 = 11,

    /// <summary>Signed 32-bit integer.</summary>
    Int32 = 12,

    /// <summary>Unsigned 32-bit integer.</summary>
    UInt32 = 13,

    /// <summary>Signed 64-bit integer.</summary>
    Int64 = 14,

    /// <summary>Unsigned 64-bit integer.</summary>
    UInt64 = 15,

    /// <summary>Logical (stored as uint8 with the logical flag).</summary>
    Logical = 100,
}
