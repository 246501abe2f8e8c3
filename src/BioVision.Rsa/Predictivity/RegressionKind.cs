namespace BioVision.Rsa.Predictivity;

/// <summary>The linear map from model features to neural responses.</summary>
public enum RegressionKind
{
    /// <summary>Partial least squares with 25 components (Brain-Score's default "pls" metric).</summary>
    Pls,

    /// <summary>Ridge regression with leave-one-out choice of alpha over Brain-Score's grid (its <c>ridge_cv_regression</c>).</summary>
    Ridge,
}
