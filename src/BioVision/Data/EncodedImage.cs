namespace BioVision.Data;

/// <summary>One encoded image: a name, a way to read its bytes, and its label.</summary>
/// <param name="Name">File or archive entry name, for messages.</param>
/// <param name="Read">Returns the encoded bytes (read lazily).</param>
/// <param name="Label">The class index.</param>
public sealed record EncodedImage(string Name, Func<byte[]> Read, int Label);
