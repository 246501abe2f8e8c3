using System.IO.Hashing;

namespace BioVision.Rsa.Io;

/// <summary>
/// A read-only wrapper that computes the CRC-32 (zip's polynomial) of everything read and refuses to yield more than
/// the declared length, so a member that inflates beyond its declared size is caught while it streams.
/// </summary>
internal sealed class CrcCheckedStream(Stream inner, long declaredLength) : Stream
{
    private readonly Crc32 _crc = new();

    public long BytesRead { get; private set; }

    public uint Crc => _crc.GetCurrentHashAsUInt32();

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => declaredLength;

    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int read = inner.Read(buffer);
        if (read > 0)
        {
            if (BytesRead + read > declaredLength)
            {
                throw new InvalidDataException($"the member inflates beyond its declared size of {declaredLength} bytes");
            }

            _crc.Append(buffer[..read]);
            BytesRead += read;
        }

        return read;
    }

    /// <summary>Reads and checksums whatever remains (at most the declared length in all).</summary>
    public void ReadToEnd()
    {
        Span<byte> sink = stackalloc byte[4096];
        while (Read(sink) > 0)
        {
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
