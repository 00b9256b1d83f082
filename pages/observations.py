import streamlit as st

st.title("observations")
