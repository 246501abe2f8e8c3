using System.Text;

namespace BioVision.Rsa.Io;

/// <summary>
/// The variables of a MATLAB .mat file. <see cref="Read(string, MatReadOptions)"/> detects the format (level 5 or v7.3/HDF5)
/// from the 128-byte header and dispatches to <see cref="MatFileReader"/> or <see cref="MatHdf5Reader"/>.
/// </summary>
public sealed class MatFile
{
    private readonly Dictionary<string, MatArray> _variables;

    /// <summary>Creates a file result.</summary>
    /// <param name="path">The file read.</param>
    /// <param name="format">Its container format.</param>
    /// <param name="headerText">The descriptive header text (trailing blanks removed).</param>
    /// <param name="variables">Variables in file order.</param>
    public MatFile(string path, MatFileFormat format, string headerText, IEnumerable<MatArray> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        Path = path;
        Format = format;
        HeaderText = headerText;
        _variables = new Dictionary<string, MatArray>(StringComparer.Ordinal);
        foreach (MatArray v in variables)
        {
            _variables[v.Name] = v;
        }
    }

    /// <summary>The file read.</summary>
    public string Path { get; }

    /// <summary>Container format.</summary>
    public MatFileFormat Format { get; }

    /// <summary>The header's descriptive text, e.g. "MATLAB 5.0 MAT-file, Platform: GLNXA64, Created on: …".</summary>
    public string HeaderText { get; }

    /// <summary>Variables by name.</summary>
    public IReadOnlyDictionary<string, MatArray> Variables => _variables;

    /// <summary>The variable called <paramref name="name"/>.</summary>
    /// <param name="name">Variable name.</param>
    /// <exception cref="KeyNotFoundException">No such variable; the message lists those present.</exception>
    public MatArray this[string name]
        => _variables.TryGetValue(name, out MatArray? v)
            ? v
            : throw new KeyNotFoundException($"'{Path}' has no variable '{name}' (variables: {string.Join(", ", _variables.Keys)}).");

    /// <summary>The variable <paramref name="name"/> as a numeric array.</summary>
    /// <param name="name">Variable name.</param>
    public MatNumericArray Numeric(string name) => As<MatNumericArray>(name);

    /// <summary>The variable <paramref name="name"/> as a struct array.</summary>
    /// <param name="name">Variable name.</param>
    public MatStructArray Struct(string name) => As<MatStructArray>(name);

    /// <summary>The variable <paramref name="name"/> as a cell array.</summary>
    /// <param name="name">Variable name.</param>
    public MatCellArray Cell(string name) => As<MatCellArray>(name);

    /// <summary>Reads a .mat file of either format.</summary>
    /// <param name="path">File to read.</param>
    /// <param name="options">Limits; <see cref="MatReadOptions.Default"/> when null.</param>
    /// <exception cref="NeuralDataFormatException">The file is not a readable MAT-file.</exception>
    public static MatFile Read(string path, MatReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= MatReadOptions.Default;
        var header = new byte[128];
        int got;
        using (FileStream stream = File.OpenRead(path))
        {
            got = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }

        if (got < 128)
        {
            throw new NeuralDataFormatException(path, $"file is {got} bytes long, shorter than the 128-byte MAT-file header");
        }

        string text = Encoding.ASCII.GetString(header, 0, 116);
        if (text.StartsWith("MATLAB 7.3 MAT-file", StringComparison.Ordinal))
        {
            return MatHdf5Reader.Read(path, options);
        }

        return MatFileReader.Read(path, options);
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(System.IO.Path.GetFileName(Path)).Append(" (").Append(Format).AppendLine(")");
        foreach (MatArray v in _variables.Values)
        {
            sb.Append("  ").AppendLine(v.ToString());
        }

        return sb.ToString();
    }

    private T As<T>(string name)
        where T : MatArray
        => this[name] as T ?? throw new InvalidCastException($"Variable '{name}' in '{Path}' is {this[name].Class}, not {typeof(T).Name}.");
}
