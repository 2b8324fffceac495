package adminapi

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
)

// AccountInfo is what MinIO tells any user about itself, no admin right
// needed: its policy and the buckets it reaches, with how.
type AccountInfo struct {
	AccountName string          `json:"AccountName"`
	Policy      json.RawMessage `json:"Policy"`
	Buckets     []struct {
		Name   string `json:"name"`
		Access struct {
			Read  bool `json:"read"`
			Write bool `json:"write"`
		} `json:"access"`
	} `json:"Buckets"`
}

// AccountInfo reads the calling user's account information (accountinfo).
func (c *Client) AccountInfo(ctx context.Context) (AccountInfo, error) {
	answer, err := c.Call(ctx, Request{Method: http.MethodGet, Op: "accountinfo", MayRepeat: true, AnswerLimit: 16 << 20}, http.StatusOK)
	if err != nil {
		return AccountInfo{}, err
	}
	var info AccountInfo
	if err := json.Unmarshal(answer, &info); err != nil {
		return AccountInfo{}, fmt.Errorf("read the accountinfo answer: %w", err)
	}
	return info, nil
}
