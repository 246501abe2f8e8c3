namespace BioVision.Interop;

/// <summary>What <see cref="PyTorchExport.SaveAsPyTorch"/> writes around the weights.</summary>
public enum PyTorchFileLayout
{
    /// <summary>A bare state dict, as <c>torch.save(model.state_dict(), path)</c>: <c>model.load_state_dict(torch.load(path))</c> reads it.</summary>
    StateDict,

    /// <summary>
    /// The published VOneNet checkpoint layout: <c>{'flags': {...}, 'epoch': n, 'state_dict': {'module.' + key: ...}}</c>,
    /// with the reference training script's flag names (<c>arch</c>, <c>stride</c>, <c>ksize</c>, <c>simple_channels</c>,
    /// <c>complex_channels</c>, <c>k_exc</c>, <c>noise_mode</c>, <c>noise_scale</c>, <c>noise_level</c>, ...), so the
    /// reference's loading code builds the model from the flags and loads the weights through its DataParallel wrapper.
    /// </summary>
    VOneNetCheckpoint,
}
